// The tour player: a "Tours" menu and the presentation / flow toggles for the top bar, the
// caption card over the 3D view (title, caption filled from the model's figures, step dots,
// play / pause / previous / next / exit, autoplay progress), and the player's keyboard keys.

import { useEffect, useMemo, useRef, useState } from 'react';
import { captionFigures } from '../model/caption-figures';
import { captionKeys, fillCaption } from '../model/tour';
import { useStore } from '../state/store';
import { useCompare } from '../state/compare';
import { useSolve } from '../state/solve';
import { TOURS, currentStep, sideBBom, tourSolves, useTour } from '../state/tour';
import './tour.css';

/** Keys: Space play / pause, → next, ← previous, Esc leaves the tour, P presentation, A flow. */
export function useTourKeys(): void {
  useEffect(() => {
    const typing = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      return !!t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA');
    };
    const onKey = (e: KeyboardEvent) => {
      if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = useTour.getState();
      const k = e.key;
      if (k === 'p' || k === 'P') t.togglePresentation();
      else if (k === 'a' || k === 'A') t.toggleFlow();
      else if (k === 'Escape') {
        if (t.tourId) t.stopTour();
        else if (t.presenting) t.togglePresentation(false);
        else return;
      } else if (!t.tourId) return;
      else if (k === ' ' || k === 'Spacebar') {
        e.preventDefault();
        (document.activeElement as HTMLElement | null)?.blur?.();
        t.togglePlay();
      } else if (k === 'ArrowRight' || k === 'PageDown') {
        e.preventDefault();
        t.togglePlay(false);
        t.next();
      } else if (k === 'ArrowLeft' || k === 'PageUp') {
        e.preventDefault();
        t.togglePlay(false);
        t.prev();
      }
    };
    // Space must not also click a focused button.
    const onKeyUp = (e: KeyboardEvent) => {
      if (e.key === ' ' && useTour.getState().tourId && !typing(e)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('keyup', onKeyUp);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('keyup', onKeyUp);
    };
  }, []);
}

/** Top-bar controls: the Tours menu, presentation mode and the flow animation. */
export function TourControls() {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const tourId = useTour((s) => s.tourId);
  const presenting = useTour((s) => s.presenting);
  const flow = useTour((s) => s.flow);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  return (
    <>
      <div className="tours-menu" ref={ref}>
        <button
          type="button"
          className={`btn ${tourId ? 'on' : ''}`}
          aria-haspopup="menu"
          aria-expanded={open}
          data-testid="tours-button"
          onClick={() => setOpen((o) => !o)}
          title="Guided tours"
        >
          Tours ▾
        </button>
        {open && (
          <ul className="tours-list" role="menu">
            {[...TOURS].map(([id, tour]) => (
              <li key={id} role="none">
                <button
                  type="button"
                  role="menuitem"
                  data-tour={id}
                  onClick={() => {
                    setOpen(false);
                    useTour.getState().startTour(id, 0, true);
                  }}
                >
                  <span className="tours-title">{tour.title}</span>
                  <span className="tours-desc">{tour.description}</span>
                  <span className="tours-steps">{tour.steps.length} steps</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <button
        type="button"
        className={`btn ${presenting ? 'on' : ''}`}
        aria-pressed={presenting}
        data-testid="present-button"
        onClick={() => useTour.getState().togglePresentation()}
        title="Presentation mode: fullscreen, panels hidden (P)"
      >
        Present
      </button>
      <button
        type="button"
        className={`btn ${flow ? 'on' : ''}`}
        aria-pressed={flow}
        data-testid="flow-button"
        onClick={() => useTour.getState().toggleFlow()}
        title="Animate traffic flowing along the links (A)"
      >
        Flow
      </button>
    </>
  );
}

/** The current step's caption with its figures, and whether every figure is known yet. */
export function useCaption(): { text: string; ready: boolean } | null {
  const tourId = useTour((s) => s.tourId);
  const step = useTour((s) => s.step);
  const hash = useTour((s) => s.hash);
  const tourHash = useTour((s) => s.hash);
  // Re-read side B whenever compare mode's B scene arrives.
  useCompare((s) => s.sceneB);
  const bomB = sideBBom(tourHash);
  const scene = useStore((s) => s.scene);
  // Re-read the solves whenever one lands (captions may quote them).
  useSolve((s) => s.results);
  const [solveA, solveB] = tourSolves(tourHash);
  return useMemo(() => {
    const cur = currentStep({ tourId, step });
    if (!cur) return null;
    const figures =
      scene && scene.hash === hash
        ? captionFigures(scene.analysis.bom, bomB ?? undefined, solveA, solveB)
        : null;
    const keys = captionKeys(cur.step.caption);
    const ready = !!figures && keys.every((k) => k in figures);
    // Figures still being computed show as an ellipsis, never as a raw placeholder.
    const text = fillCaption(cur.step.caption, figures ?? {}).replace(/\{[A-Za-z0-9_.]+\?\}/g, '…');
    return { text, ready };
  }, [tourId, step, hash, bomB, scene, solveA, solveB]);
}

/** Autoplay: the step advances after its duration, counted only while playing and placed. */
function useAutoplay(ready: boolean, durationS: number) {
  const tourId = useTour((s) => s.tourId);
  const step = useTour((s) => s.step);
  const playing = useTour((s) => s.playing);
  const elapsed = useRef({ key: '', ms: 0 });
  useEffect(() => {
    const key = `${tourId}|${step}`;
    if (elapsed.current.key !== key) elapsed.current = { key, ms: 0 };
    if (!tourId || !playing || !ready) return;
    const t0 = performance.now();
    const timer = setTimeout(
      () => useTour.getState().next(),
      Math.max(0, durationS * 1000 - elapsed.current.ms),
    );
    return () => {
      clearTimeout(timer);
      if (elapsed.current.key === key) elapsed.current.ms += performance.now() - t0;
    };
  }, [tourId, step, playing, ready, durationS]);
}

/** The caption card over the 3D view while a tour plays. */
export function TourPlayer() {
  const tourId = useTour((s) => s.tourId);
  const step = useTour((s) => s.step);
  const playing = useTour((s) => s.playing);
  const tourHash = useTour((s) => s.hash);
  const sceneReady = useStore((s) => s.scene?.hash === tourHash && s.phase !== 'placing');
  const caption = useCaption();
  const cur = currentStep({ tourId, step });
  const ready = !!caption?.ready && sceneReady;
  useAutoplay(ready, cur?.step.durationS ?? 10);
  useTourKeys();
  if (!cur || !caption) return null;
  const { tour } = cur;
  const t = useTour.getState();
  const n = tour.steps.length;
  return (
    <section
      className="tour-card"
      aria-label={`Tour: ${tour.title}`}
      aria-live="polite"
      data-testid="tour-card"
      data-step={step}
      data-ready={ready ? '1' : '0'}
    >
      <div className="tour-kicker">
        <span>{tour.title}</span>
        <span className="tour-count">
          {step + 1} / {n}
        </span>
      </div>
      <h2 className="tour-title" data-testid="tour-title">
        {cur.step.title}
      </h2>
      <p className="tour-caption" data-testid="tour-caption">
        {caption.text}
      </p>
      <div className="tour-bar">
        <div className="tour-dots" role="tablist" aria-label="Steps">
          {tour.steps.map((s, i) => (
            <button
              key={i}
              type="button"
              role="tab"
              aria-selected={i === step}
              className={`tour-dot ${i === step ? 'on' : i < step ? 'past' : ''}`}
              title={s.title}
              onClick={() => {
                t.togglePlay(false);
                t.goTo(i);
              }}
            />
          ))}
        </div>
        <div className="tour-buttons">
          <button
            type="button"
            className="tour-btn"
            data-testid="tour-prev"
            disabled={step === 0}
            onClick={() => {
              t.togglePlay(false);
              t.prev();
            }}
            title="Previous step (←)"
            aria-label="Previous step"
          >
            ◀
          </button>
          <button
            type="button"
            className="tour-btn play"
            data-testid="tour-play"
            onClick={() => t.togglePlay()}
            title="Play / pause (Space)"
            aria-label={playing ? 'Pause' : 'Play'}
          >
            {playing ? '❚❚' : '▶'}
          </button>
          <button
            type="button"
            className="tour-btn"
            data-testid="tour-next"
            disabled={step >= n - 1}
            onClick={() => {
              t.togglePlay(false);
              t.next();
            }}
            title="Next step (→)"
            aria-label="Next step"
          >
            ▶▶
          </button>
          <button
            type="button"
            className="tour-btn"
            data-testid="tour-exit"
            onClick={() => t.stopTour()}
            title="Leave the tour (Esc)"
            aria-label="Leave the tour"
          >
            ✕
          </button>
        </div>
      </div>
      <div className="tour-progress" aria-hidden>
        <div
          key={`${tourId}|${step}`}
          className="tour-progress-fill"
          style={{
            animationDuration: `${cur.step.durationS}s`,
            animationPlayState: playing && ready ? 'running' : 'paused',
          }}
        />
      </div>
    </section>
  );
}
