// ?embed=1: only the 3D view and the legend, for iframes in slides and web pages. A bad link
// still shows its banner (role="alert") over the view.

import { ProblemBanner } from './ProblemBanner';
import { Legend, Tooltip } from './ScenePanels';
import { Viewports } from './Viewports';
import './share.css';

export function EmbedApp() {
  return (
    <div className="app embed" data-testid="embed">
      <section className="viewport" aria-label="3D view of the fabric">
        <Viewports />
        <Tooltip />
        <div className="embed-legend">
          <Legend />
        </div>
        <div className="embed-banner">
          <ProblemBanner />
        </div>
      </section>
    </div>
  );
}
