// The flow animation's shader: pulses that run along every cable of the existing batched
// LineSegments, faster on busier links. Two per-vertex attributes (distance along the cable in
// metres, and the link's rate 0…1) and three shared uniforms; no object per link, no extra draw
// call. Attributes are built lazily, the first time the animation is switched on for a scene.

import * as THREE from 'three';
import type { LinkBatch } from '../layout/geometry';
import type { SceneResult } from '../layout/pipeline';

/** Shared by every link material: time (s), dash spacing (m) and on / off. */
export const flowUniforms = {
  uFlowTime: { value: 0 },
  uFlowSpacing: { value: 1 },
  uFlowOn: { value: 0 },
};

const VERTEX_DECL = /* glsl */ `
attribute float flowDist;
attribute float flowRate;
varying float vFlowDist;
varying float vFlowRate;
`;

const FRAGMENT_DECL = /* glsl */ `
uniform float uFlowTime;
uniform float uFlowSpacing;
uniform float uFlowOn;
varying float vFlowDist;
varying float vFlowRate;
`;

const FRAGMENT_BODY = /* glsl */ `
#include <color_fragment>
if (uFlowOn > 0.5 && vFlowRate > 0.004) {
  // A pulse every uFlowSpacing metres, moving at 0.3…2.5 spacings per second with the rate.
  float ph = fract(vFlowDist / uFlowSpacing - uFlowTime * (0.3 + 2.2 * vFlowRate));
  float pulse = smoothstep(0.0, 0.1, ph) * (1.0 - smoothstep(0.1, 0.42, ph));
  float peak = max(diffuseColor.r, max(diffuseColor.g, diffuseColor.b));
  vec3 bright = min(diffuseColor.rgb * 1.7 + vec3(0.45 * peak), vec3(1.0));
  diffuseColor.rgb = mix(diffuseColor.rgb * 0.55, bright, pulse);
  diffuseColor.a = mix(diffuseColor.a * 0.75, min(1.0, diffuseColor.a * 2.0), pulse);
}
`;

const patched = new WeakSet<THREE.Material>();

/** Adds the flow terms to a LineBasicMaterial (once; it recompiles on its next use). */
export function patchFlowMaterial(m: THREE.Material): void {
  if (patched.has(m)) return;
  patched.add(m);
  m.onBeforeCompile = (shader) => {
    Object.assign(shader.uniforms, flowUniforms);
    shader.vertexShader =
      VERTEX_DECL +
      shader.vertexShader.replace(
        '#include <color_vertex>',
        '#include <color_vertex>\n  vFlowDist = flowDist;\n  vFlowRate = flowRate;',
      );
    shader.fragmentShader =
      FRAGMENT_DECL + shader.fragmentShader.replace('#include <color_fragment>', FRAGMENT_BODY);
  };
  m.customProgramCacheKey = () => 'fabricscope-flow-line';
  m.needsUpdate = true;
}

const distCache = new WeakMap<LinkBatch, Float32Array>();

/** Distance (m) of every vertex of a batch from its cable's first vertex. */
export function cableDistances(b: LinkBatch): Float32Array {
  let out = distCache.get(b);
  if (out) return out;
  const p = b.positions;
  out = new Float32Array(p.length / 3);
  for (let i = 0; i < b.items.length; i++) {
    const v0 = b.offsets[i];
    let d = 0;
    for (let v = v0 + 1; v < b.offsets[i + 1]; v++) {
      const dx = p[3 * v] - p[3 * v - 3];
      const dy = p[3 * v + 1] - p[3 * v - 2];
      const dz = p[3 * v + 2] - p[3 * v - 1];
      d += Math.sqrt(dx * dx + dy * dy + dz * dz);
      out[v] = d;
    }
  }
  distCache.set(b, out);
  return out;
}

/**
 * How busy each link is, 0…1: its utilization when the solver has run for this scene, else its
 * rate against the fastest link's (every link then flows, the fastest quickest).
 */
export function linkRates(scene: SceneResult, util: Float32Array | null): Float32Array {
  const f = scene.fabric;
  const out = new Float32Array(f.linkCount);
  if (util && util.length === f.linkCount) {
    for (let l = 0; l < f.linkCount; l++) out[l] = Math.max(0, Math.min(1, util[l]));
    return out;
  }
  let max = 0;
  for (let l = 0; l < f.linkCount; l++) max = Math.max(max, f.linkGbps[l]);
  for (let l = 0; l < f.linkCount; l++) out[l] = max > 0 ? f.linkGbps[l] / max : 0;
  return out;
}

/** Sets the flow attributes of every link object (parallel to scene.geometry.links). */
export function setFlowAttributes(
  scene: SceneResult,
  objects: readonly (THREE.LineSegments | null)[],
  rate: Float32Array,
): void {
  const bundles = scene.geometry.bundles;
  scene.geometry.links.forEach((b, i) => {
    const o = objects[i];
    if (!o) return;
    patchFlowMaterial(o.material as THREE.Material);
    const g = o.geometry;
    if (!g.getAttribute('flowDist'))
      g.setAttribute('flowDist', new THREE.BufferAttribute(cableDistances(b), 1));
    const nVerts = b.positions.length / 3;
    let attr = g.getAttribute('flowRate') as THREE.BufferAttribute | undefined;
    if (!attr) {
      attr = new THREE.BufferAttribute(new Uint8Array(nVerts), 1, true);
      g.setAttribute('flowRate', attr);
    }
    const out = attr.array as Uint8Array;
    for (let k = 0; k < b.items.length; k++) {
      let r: number;
      if (b.bundled) {
        const id = b.items[k];
        r = 0;
        for (let m = bundles.memberStart[id]; m < bundles.memberStart[id + 1]; m++)
          r = Math.max(r, rate[bundles.members[m]]);
      } else r = rate[b.items[k]];
      out.fill(Math.round(r * 255), b.offsets[k], b.offsets[k + 1]);
    }
    attr.needsUpdate = true;
  });
}
