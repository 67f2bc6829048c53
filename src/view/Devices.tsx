// Racks, servers, GPUs, switches and in-server chips: one InstancedMesh per device kind, the
// instance matrices built by the worker. GPUs and chips appear only when the camera is close.

import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import * as THREE from 'three';
import { mergeGeometries } from 'three/examples/jsm/utils/BufferGeometryUtils.js';
import { DEVICE_CLASSES, type DeviceClass } from '../layout/geometry';
import type { SceneResult } from '../layout/pipeline';
import { NODE_OCS, RACK_NETWORK, TIERS } from '../model/fabric';
import { DEVICE_COLOR, TIER_COLOR } from './colors';
import { registry } from './registry';

/** An open rack frame in a unit cube: four posts, a roof and a plinth (front and sides open). */
function rackFrame(): THREE.BufferGeometry {
  const parts: THREE.BufferGeometry[] = [];
  const post = (x: number, z: number) => {
    const g = new THREE.BoxGeometry(0.07, 1, 0.035);
    g.translate(x, 0, z);
    parts.push(g);
  };
  for (const x of [-0.465, 0.465]) for (const z of [-0.4825, 0.4825]) post(x, z);
  // An open roof: four rails, so top-of-rack switches and cable drops stay visible.
  for (const z of [-0.4825, 0.4825]) {
    const rail = new THREE.BoxGeometry(1, 0.012, 0.035);
    rail.translate(0, 0.494, z);
    parts.push(rail);
  }
  for (const x of [-0.465, 0.465]) {
    const rail = new THREE.BoxGeometry(0.07, 0.012, 1);
    rail.translate(x, 0.494, 0);
    parts.push(rail);
  }
  const plinth = new THREE.BoxGeometry(1, 0.03, 1);
  plinth.translate(0, -0.485, 0);
  parts.push(plinth);
  // A dark back panel so racks read as solid from behind and cables show against it.
  const back = new THREE.BoxGeometry(0.93, 0.98, 0.01);
  back.translate(0, 0, -0.49);
  parts.push(back);
  return mergeGeometries(parts)!;
}

/** Camera distance (m) beyond which a device kind is not drawn: specks cost triangles, not insight. */
const LOD: Record<DeviceClass, number> = { rack: Infinity, server: 260, switch: 400, gpu: 60, chip: 40 };

/** `register`: publish the meshes for picking (the main view); a second (compare) view does not. */
export function Devices({ scene, register = true }: { scene: SceneResult; register?: boolean }) {
  const invalidate = useThree((s) => s.invalidate);
  const meshes = useMemo(() => {
    const box = new THREE.BoxGeometry(1, 1, 1);
    const g = scene.geometry;
    const f = scene.fabric;
    const mats: Record<DeviceClass, THREE.Material> = {
      rack: new THREE.MeshStandardMaterial({ color: '#ffffff', metalness: 0.55, roughness: 0.45 }),
      server: new THREE.MeshStandardMaterial({ color: DEVICE_COLOR.server, metalness: 0.3, roughness: 0.6 }),
      gpu: new THREE.MeshStandardMaterial({
        color: DEVICE_COLOR.gpu,
        emissive: DEVICE_COLOR.gpu,
        emissiveIntensity: 0.25,
        metalness: 0.2,
        roughness: 0.5,
      }),
      switch: new THREE.MeshStandardMaterial({ color: '#ffffff', metalness: 0.35, roughness: 0.45 }),
      chip: new THREE.MeshStandardMaterial({
        color: DEVICE_COLOR.chip,
        emissive: DEVICE_COLOR.chip,
        emissiveIntensity: 0.15,
        roughness: 0.5,
      }),
    };
    const out = {} as Record<DeviceClass, THREE.InstancedMesh>;
    for (const c of DEVICE_CLASSES) {
      const b = g.devices[c];
      const mesh = new THREE.InstancedMesh(c === 'rack' ? rackFrame() : box, mats[c], b.ids.length);
      mesh.instanceMatrix = new THREE.InstancedBufferAttribute(b.matrices, 16);
      mesh.frustumCulled = false;
      mesh.raycast = () => {};
      mesh.name = c;
      if (c === 'rack' || c === 'switch') {
        const col = new Float32Array(b.ids.length * 3);
        const tmp = new THREE.Color();
        for (let i = 0; i < b.ids.length; i++) {
          const id = b.ids[i];
          if (c === 'rack')
            tmp.set(f.rackKind[id] === RACK_NETWORK ? DEVICE_COLOR.rackNetwork : DEVICE_COLOR.rackCompute);
          else {
            tmp.set(
              f.nodeKind[id] === NODE_OCS ? TIER_COLOR.ocs : (TIER_COLOR[TIERS[f.nodeTier[id]]] ?? '#888'),
            );
            tmp.multiplyScalar(0.75);
          }
          col.set([tmp.r, tmp.g, tmp.b], 3 * i);
        }
        mesh.instanceColor = new THREE.InstancedBufferAttribute(col, 3);
      }
      mesh.visible = b.ids.length > 0;
      out[c] = mesh;
    }
    return out;
  }, [scene]);

  useEffect(() => {
    if (register) registry.devices = meshes;
    invalidate();
    return () => {
      for (const m of Object.values(meshes)) {
        m.geometry.dispose();
        (m.material as THREE.Material).dispose();
        m.dispose();
      }
    };
  }, [meshes, invalidate, register]);

  useFrame(({ camera }) => {
    const t = registry.controls?.target;
    const d = t ? camera.position.distanceTo(new THREE.Vector3(t.x, t.y, t.z)) : 0;
    for (const c of DEVICE_CLASSES) {
      const v = meshes[c].count > 0 && d < LOD[c];
      meshes[c].visible = v;
      if (register) registry.deviceVisible[c] = v;
    }
  });

  return (
    <group>
      {DEVICE_CLASSES.map((c) => (
        <primitive key={c} object={meshes[c]} />
      ))}
    </group>
  );
}
