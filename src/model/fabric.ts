// The fabric as struct-of-arrays: no object per node or link, so 100k GPUs and their
// hundreds of thousands of links fit in a few megabytes and cross to workers as transferables.

export const NODE_GPU = 0;
export const NODE_SWITCH = 1;
export const NODE_OCS = 2;
export type NodeKind = typeof NODE_GPU | typeof NODE_SWITCH | typeof NODE_OCS;
export const NODE_KIND_LABEL = ['GPU', 'switch', 'OCS'] as const;

/** Canonical tier names users see and the CLI prints. A link's tier is named for its upper end. */
export const TIERS = ['scale-up', 'leaf', 'spine', 'core', 'ocs', 'global', 'local'] as const;
export type Tier = (typeof TIERS)[number];
export const TIER_INDEX: Record<Tier, number> = Object.fromEntries(TIERS.map((t, i) => [t, i])) as Record<
  Tier,
  number
>;
/** nodeTier of a GPU. */
export const NO_TIER = 255;

export const RACK_COMPUTE = 0;
export const RACK_NETWORK = 1;

export interface Fabric {
  gpuCount: number;
  nodeCount: number;
  nodeKind: Uint8Array;
  /** Tier index of a switch (TIERS), NO_TIER for GPUs. */
  nodeTier: Uint8Array;
  nodeRack: Int32Array;
  /** Server of a GPU (or of a switch built into a server), else -1. */
  nodeServer: Int32Array;
  /** Pod, scalable unit or group the node belongs to, -1 where none. */
  nodeGroup: Int32Array;
  /** Ordinal among nodes of the same kind and tier: names and slots derive from it. */
  nodeOrdinal: Uint32Array;
  /** Index into switchModels (switches and OCS); 0 for GPUs. */
  nodeModel: Uint8Array;
  switchModels: string[];

  linkCount: number;
  linkA: Uint32Array;
  linkB: Uint32Array;
  linkTier: Uint8Array;
  linkGbps: Float32Array;
  /**
   * For a fibre into an optical circuit switch, the fibre on the other side of its circuit
   * (the OCS joins exactly those two); -1 for every other link.
   */
  linkPeer: Int32Array;

  serverCount: number;
  serverRack: Int32Array;
  /** First GPU node of each server; a server's GPUs are consecutive nodes. */
  serverFirstGpu: Int32Array;
  gpusPerServer: number;

  rackCount: number;
  rackKind: Uint8Array;
  rackGroup: Int32Array;

  /** Explicit names (custom fabrics only). */
  names?: string[];
}

/** Growable typed array: amortised doubling, then trimmed to length. */
class Grow<T extends Uint8Array | Uint16Array | Uint32Array | Int32Array | Float32Array> {
  length = 0;
  constructor(
    private make: (n: number) => T,
    public data: T = make(64),
  ) {}
  push(v: number): number {
    if (this.length === this.data.length) {
      const next = this.make(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length] = v;
    return this.length++;
  }
  trim(): T {
    return this.data.slice(0, this.length) as T;
  }
}

export class FabricBuilder {
  private kind = new Grow((n) => new Uint8Array(n));
  private tier = new Grow((n) => new Uint8Array(n));
  private rack = new Grow((n) => new Int32Array(n));
  private server = new Grow((n) => new Int32Array(n));
  private group = new Grow((n) => new Int32Array(n));
  private ordinal = new Grow((n) => new Uint32Array(n));
  private model = new Grow((n) => new Uint8Array(n));
  private la = new Grow((n) => new Uint32Array(n));
  private lb = new Grow((n) => new Uint32Array(n));
  private lt = new Grow((n) => new Uint8Array(n));
  private lg = new Grow((n) => new Float32Array(n));
  private lp = new Grow((n) => new Int32Array(n));
  private sRack = new Grow((n) => new Int32Array(n));
  private sFirst = new Grow((n) => new Int32Array(n));
  private rKind = new Grow((n) => new Uint8Array(n));
  private rGroup = new Grow((n) => new Int32Array(n));
  private ordinals = new Map<number, number>();
  private models: string[] = [];
  gpuCount = 0;
  names?: string[];

  constructor(public gpusPerServer = 8) {}

  get nodeCount(): number {
    return this.kind.length;
  }
  get linkCount(): number {
    return this.la.length;
  }
  get rackCount(): number {
    return this.rKind.length;
  }
  get serverCount(): number {
    return this.sRack.length;
  }

  rackOf(node: number): number {
    return this.rack.data[node];
  }
  serverOf(node: number): number {
    return this.server.data[node];
  }
  groupOf(node: number): number {
    return this.group.data[node];
  }
  tierOf(node: number): number {
    return this.tier.data[node];
  }
  kindOf(node: number): number {
    return this.kind.data[node];
  }
  rackOfServer(server: number): number {
    return this.sRack.data[server];
  }

  addRack(kind: number, group = -1): number {
    this.rGroup.push(group);
    return this.rKind.push(kind);
  }

  addServer(rack: number): number {
    this.sFirst.push(this.nodeCount);
    return this.sRack.push(rack);
  }

  private addNode(kind: number, tier: number, rack: number, server: number, group: number, model: number) {
    const key = kind * 256 + tier;
    const ord = this.ordinals.get(key) ?? 0;
    this.ordinals.set(key, ord + 1);
    this.kind.push(kind);
    this.tier.push(tier);
    this.rack.push(rack);
    this.server.push(server);
    this.group.push(group);
    this.ordinal.push(ord);
    this.model.push(model);
    return this.nodeCount - 1;
  }

  addGpu(server: number, rack: number, group = -1): number {
    this.gpuCount++;
    return this.addNode(NODE_GPU, NO_TIER, rack, server, group, 0);
  }

  private modelIndex(id: string): number {
    let i = this.models.indexOf(id);
    if (i < 0) i = this.models.push(id) - 1;
    return i;
  }

  addSwitch(tier: number, modelId: string, rack: number, group = -1, server = -1): number {
    return this.addNode(NODE_SWITCH, tier, rack, server, group, this.modelIndex(modelId));
  }

  addOcs(modelId: string, rack: number, group = -1): number {
    return this.addNode(NODE_OCS, TIER_INDEX.ocs, rack, -1, group, this.modelIndex(modelId));
  }

  addLink(a: number, b: number, tier: number, gbps: number, peer = -1): number {
    this.la.push(a);
    this.lb.push(b);
    this.lt.push(tier);
    this.lp.push(peer);
    return this.lg.push(gbps);
  }

  /** A light path a → OCS → b: two fibres, each the other's circuit peer. */
  addCircuit(a: number, b: number, ocs: number, tier: number, gbps: number): void {
    const first = this.linkCount;
    this.addLink(a, ocs, tier, gbps, first + 1);
    this.addLink(b, ocs, tier, gbps, first);
  }

  finish(): Fabric {
    return {
      gpuCount: this.gpuCount,
      nodeCount: this.nodeCount,
      nodeKind: this.kind.trim(),
      nodeTier: this.tier.trim(),
      nodeRack: this.rack.trim(),
      nodeServer: this.server.trim(),
      nodeGroup: this.group.trim(),
      nodeOrdinal: this.ordinal.trim(),
      nodeModel: this.model.trim(),
      switchModels: this.models.slice(),
      linkCount: this.linkCount,
      linkA: this.la.trim(),
      linkB: this.lb.trim(),
      linkTier: this.lt.trim(),
      linkGbps: this.lg.trim(),
      linkPeer: this.lp.trim(),
      serverCount: this.serverCount,
      serverRack: this.sRack.trim(),
      serverFirstGpu: this.sFirst.trim(),
      gpusPerServer: this.gpusPerServer,
      rackCount: this.rackCount,
      rackKind: this.rKind.trim(),
      rackGroup: this.rGroup.trim(),
      names: this.names,
    };
  }
}

/** A readable, stable name for a node: what tooltips, search and the CLI show. */
export function nodeName(f: Fabric, i: number): string {
  if (f.names) return f.names[i];
  const kind = f.nodeKind[i];
  if (kind === NODE_GPU) {
    const s = f.nodeServer[i];
    return `gpu-${s}.${i - f.serverFirstGpu[s]}`;
  }
  const tier = TIERS[f.nodeTier[i]];
  return `${kind === NODE_OCS ? 'ocs' : tier}-${f.nodeOrdinal[i]}`;
}

/** Total bytes held by the fabric's typed arrays. */
export function fabricBytes(f: Fabric): number {
  let n = 0;
  for (const v of Object.values(f)) if (ArrayBuffer.isView(v)) n += v.byteLength;
  return n;
}

/** Degree (ports used) of every node. */
export function nodeDegrees(f: Fabric): Uint32Array {
  const deg = new Uint32Array(f.nodeCount);
  for (let l = 0; l < f.linkCount; l++) {
    deg[f.linkA[l]]++;
    deg[f.linkB[l]]++;
  }
  return deg;
}
