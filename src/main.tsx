import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startStore, useStore } from './state/store';
import { startTourFromUrl, useTour } from './state/tour';
import { openFromLocation, startUrlSync } from './state/url-sync';
import { App } from './ui/App';
import { installApi } from './view/api';
import { startSolver } from './state/solve';
import { installSolveApi } from './view/solveApi';
import './ui/app.css';

const params = new URLSearchParams(window.location.search);
const scene = params.get('scene');
// A share link in the hash wins over ?scene= and ?tour=.
const fromLink = openFromLocation();
if (!fromLink && scene) useStore.getState().openPreset(scene);
// ?tour=ID&step=N (0-based) opens a tour at a step; ?present=1 and ?flow=1 start those modes.
if (!fromLink) startTourFromUrl(params);
if (params.get('present') === '1') useTour.getState().togglePresentation(true);
if (params.get('flow') === '1') useTour.getState().toggleFlow(true);
startStore();
startUrlSync();
startSolver();
if (params.get('hud') === '1') useStore.getState().toggleHud(true);
installApi();
installSolveApi();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
