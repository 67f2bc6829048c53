import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startStore, useStore } from './state/store';
import { App } from './ui/App';
import { installApi } from './view/api';
import './ui/app.css';

const params = new URLSearchParams(window.location.search);
const scene = params.get('scene');
if (scene) useStore.getState().openPreset(scene);
startStore();
if (params.get('hud') === '1') useStore.getState().toggleHud(true);
installApi();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
