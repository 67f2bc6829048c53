// Where a catalog number came from. Every default the model uses carries one, and the UI shows it.

/** DS datasheet or manual, P paper, VC vendor claim, 2nd press repeating one, A assumption. */
export type SourceKind = 'datasheet' | 'paper' | 'vendor-claim' | 'secondary' | 'assumption' | 'physics';

export interface Source {
  kind: SourceKind;
  /** Short citation a user can look up. */
  ref: string;
}

export const ds = (ref: string): Source => ({ kind: 'datasheet', ref });
export const paper = (ref: string): Source => ({ kind: 'paper', ref });
export const vc = (ref: string): Source => ({ kind: 'vendor-claim', ref });
export const second = (ref: string): Source => ({ kind: 'secondary', ref });
export const assume = (ref: string): Source => ({ kind: 'assumption', ref });

/** A number and where it came from. */
export interface Sourced<T = number> {
  value: T;
  source: Source;
}

export const sv = <T>(value: T, source: Source): Sourced<T> => ({ value, source });

export const SOURCE_KIND_LABEL: Record<SourceKind, string> = {
  datasheet: 'datasheet',
  paper: 'paper',
  'vendor-claim': 'vendor claim',
  secondary: 'press / secondary',
  assumption: 'assumption',
  physics: 'physics',
};
