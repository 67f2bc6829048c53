// The problem banner's headline: what happened, told from the problems it lists, so that it never
// contradicts them (a file that did not open is not "the nearest valid scenario opened").

import type { Problem } from '../model/scenario';

const all = (problems: Problem[], test: (p: Problem) => boolean) =>
  problems.length > 0 && problems.every(test);

export function problemHeadline(problems: Problem[]): string {
  if (all(problems, (p) => p.path === 'file' && p.message.endsWith('nothing opened')))
    return 'The file could not be opened; the scenario on screen is unchanged.';
  if (all(problems, (p) => p.path === 'export')) return 'The export could not be made; nothing was saved.';
  if (all(problems, (p) => p.path === 'view' || p.path.startsWith('view.')))
    return 'Part of the shared view could not be restored; the scenario opened as shared.';
  return 'Some of the input could not be used as given; the nearest valid scenario is shown.';
}
