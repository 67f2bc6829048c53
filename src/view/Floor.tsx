// The data-hall floor: a dark slab, a lighter strip under each row of racks (aisles between),
// and faint tile lines. Three draw calls whatever the size.

import { useMemo } from 'react';
import * as THREE from 'three';
import { HALL } from '../layout/floor';
import { slotPosition, type HallGrid } from '../layout/place';
import { DEVICE_COLOR } from './colors';

export function Floor({ hall }: { hall: HallGrid }) {
  const { slab, rows, grid } = useMemo(() => {
    const w = hall.maxX - hall.minX;
    const d = hall.maxZ - hall.minZ;
    const cx = (hall.maxX + hall.minX) / 2;
    const cz = (hall.maxZ + hall.minZ) / 2;
    const slab = new THREE.Mesh(
      new THREE.PlaneGeometry(w + 6, d + 6),
      new THREE.MeshStandardMaterial({ color: DEVICE_COLOR.floor, roughness: 0.9, metalness: 0.05 }),
    );
    slab.rotation.x = -Math.PI / 2;
    slab.position.set(cx, -0.002, cz);
    slab.raycast = () => {};

    const n = hall.bays * hall.rowsPerBay;
    const rows = new THREE.InstancedMesh(
      new THREE.PlaneGeometry(1, 1).rotateX(-Math.PI / 2),
      new THREE.MeshStandardMaterial({ color: DEVICE_COLOR.row, roughness: 0.8 }),
      n,
    );
    const m = new THREE.Matrix4();
    const rowLen = hall.cols * HALL.rackWidth;
    let i = 0;
    for (let b = 0; b < hall.bays; b++)
      for (let r = 0; r < hall.rowsPerBay; r++) {
        const [x0, z] = slotPosition(hall, r, b * hall.cols);
        m.makeScale(rowLen + 0.4, 1, HALL.rackDepth + 0.4);
        m.setPosition(x0 - HALL.rackWidth / 2 + rowLen / 2, 0, z);
        rows.setMatrixAt(i++, m);
      }
    rows.raycast = () => {};
    rows.frustumCulled = false;

    // Tile lines every 0.6 m would be too dense at scale: every 2.4 m (one row pitch).
    const pts: number[] = [];
    const step = HALL.rowPitch;
    for (let x = Math.ceil(hall.minX / step) * step; x <= hall.maxX; x += step)
      pts.push(x, 0.001, hall.minZ - 3, x, 0.001, hall.maxZ + 3);
    for (let z = Math.ceil(hall.minZ / step) * step; z <= hall.maxZ; z += step)
      pts.push(hall.minX - 3, 0.001, z, hall.maxX + 3, 0.001, z);
    const gg = new THREE.BufferGeometry();
    gg.setAttribute('position', new THREE.Float32BufferAttribute(pts, 3));
    const grid = new THREE.LineSegments(
      gg,
      new THREE.LineBasicMaterial({ color: '#1c2942', transparent: true, opacity: 0.6 }),
    );
    grid.raycast = () => {};
    grid.frustumCulled = false;
    return { slab, rows, grid };
  }, [hall]);
  return (
    <group>
      <primitive object={slab} />
      <primitive object={rows} />
      <primitive object={grid} />
    </group>
  );
}
