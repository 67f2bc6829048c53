// The problem banner's headline is told from the problems it lists.
import { describe, expect, it } from 'vitest';
import { problemHeadline } from '../../src/ui/problemHeadline';

describe('problem headline', () => {
  it('a file that did not open says so, and does not claim a scenario opened', () => {
    const h = problemHeadline([{ path: 'file', message: '"x.json" is not valid JSON (…); nothing opened' }]);
    expect(h).toMatch(/could not be opened/);
    expect(h).not.toMatch(/nearest valid/);
  });

  it('exports and shared views have their own headline; scenario fields the general one', () => {
    expect(problemHeadline([{ path: 'export', message: 'the 3D view could not be captured' }])).toMatch(
      /export could not be made/,
    );
    expect(problemHeadline([{ path: 'view.selection', message: 'nothing selected' }])).toMatch(/shared view/);
    expect(problemHeadline([{ path: 'traffic.pipelineStages', message: 'at least 1; 1 used' }])).toMatch(
      /nearest valid scenario is shown/,
    );
    // Mixed problems: the scenario was repaired, whatever else happened.
    expect(
      problemHeadline([
        { path: 'view.selection', message: 'nothing selected' },
        { path: 'topology.k', message: 'k must be even' },
      ]),
    ).toMatch(/nearest valid scenario is shown/);
    // A file whose content was repaired opened: not "could not be opened".
    expect(problemHeadline([{ path: 'topology.k', message: 'k must be even' }])).not.toMatch(
      /could not be opened/,
    );
  });
});
