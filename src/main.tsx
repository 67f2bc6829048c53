import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useStore } from './state/store';
import { App } from './ui/App';
import './ui/app.css';

const scene = new URLSearchParams(window.location.search).get('scene');
if (scene) useStore.getState().openPreset(scene);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
