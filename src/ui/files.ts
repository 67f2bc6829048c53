// Downloads (Blob + object URL + a temporary <a download>) and scenario files read through restore().

import type { Problem } from '../model/scenario';
import { useStore } from '../state/store';

/** Largest scene file we read (bytes); scenarios are parametric, so real ones are far smaller. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

export function download(name: string, data: Blob | string, type = 'application/octet-stream'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Spreadsheets (Excel above all) read a CSV as UTF-8 only when it starts with this mark: without
 * it "B − A", "λ" and "↔" come out garbled. */
const UTF8_BOM = '\uFEFF';

/** A CSV file, from one string or from parts written in chunks, UTF-8 marked. */
export function downloadCsv(name: string, csv: string | string[]): void {
  download(
    name,
    new Blob([UTF8_BOM, ...(typeof csv === 'string' ? [csv] : csv)], { type: 'text/csv;charset=utf-8' }),
  );
}

/** A file name from the scenario name: lower case, dashes, no path characters. */
export function fileStem(name: string): string {
  const stem = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return stem || 'fabricscope';
}

const fail = (message: string) => {
  const p: Problem = { path: 'file', message };
  useStore.setState({ problems: [p] });
};

/**
 * Opens a scene file (JSON) through restore(): its problems go to the banner. A file that is not
 * JSON, or too large, leaves the current scenario open and says why.
 */
export async function importScenarioFile(file: File): Promise<void> {
  const label = `"${file.name.slice(0, 80)}"`;
  if (file.size > MAX_IMPORT_BYTES) {
    fail(
      `${label} is ${(file.size / 1048576).toFixed(1)} MB, more than ${MAX_IMPORT_BYTES / 1048576} MB; nothing opened`,
    );
    return;
  }
  let text: string;
  try {
    text = await file.text();
  } catch {
    fail(`${label} could not be read; nothing opened`);
    return;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    fail(`${label} is not valid JSON (${(e as Error).message.slice(0, 120)}); nothing opened`);
    return;
  }
  useStore.getState().open(raw, null);
}
