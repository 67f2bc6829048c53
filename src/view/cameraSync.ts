// One camera drives both views of a comparison: each view publishes its pose when its orbit
// controls change, and the other view copies it. A flag stops the copy from echoing back.

export type ViewSide = 'a' | 'b';

export interface CameraPose {
  position: [number, number, number];
  target: [number, number, number];
  near: number;
  far: number;
}

interface View {
  pose(): CameraPose;
  apply(p: CameraPose): void;
}

const views = new Map<ViewSide, View>();
let applying = false;

export function publishPose(from: ViewSide, pose: CameraPose): void {
  if (applying) return;
  applying = true;
  try {
    for (const [side, v] of views) if (side !== from) v.apply(pose);
  } finally {
    applying = false;
  }
}

export function registerView(side: ViewSide, view: View): () => void {
  views.set(side, view);
  return () => {
    if (views.get(side) === view) views.delete(side);
  };
}

/** The pose of each registered view (null when that view is not on screen). */
export function cameraPoses(): Record<ViewSide, CameraPose | null> {
  return { a: views.get('a')?.pose() ?? null, b: views.get('b')?.pose() ?? null };
}

/** Copies one view's pose to the other (a view joining takes the other's pose). */
export function pullPose(from: ViewSide): void {
  const v = views.get(from);
  if (v) publishPose(from, v.pose());
}
