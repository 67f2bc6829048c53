// The default catalog: media modules, switches, GPUs and servers, each value with its source.
// Figures follow shared/REFERENCE-DATA.md. Every value can be overridden per scenario
// (scenario.catalog), so these are defaults, not truths.

import { assume, ds, paper, second, vc, type Source } from './sources';

/** A cable or transceiver family; a tier's medium is chosen by family, the module by rate. */
export const MEDIUM_FAMILIES = ['nvlink', 'dac', 'acc', 'aec', 'dsp-mm', 'dsp-sm', 'lpo', 'cpo'] as const;
export type MediumFamily = (typeof MEDIUM_FAMILIES)[number];

export const FAMILY_LABEL: Record<MediumFamily, string> = {
  nvlink: 'NVLink copper',
  dac: 'passive copper (DAC)',
  acc: 'active copper (ACC)',
  aec: 'active electrical cable (AEC)',
  'dsp-mm': 'DSP optics, multimode (SR)',
  'dsp-sm': 'DSP optics, single-mode (DR)',
  lpo: 'linear pluggable optics (LPO)',
  cpo: 'co-packaged optics (CPO)',
};

/** Optical families need a transceiver (or CPO engine) at each powered end. */
export const OPTICAL_FAMILIES: ReadonlySet<MediumFamily> = new Set(['dsp-mm', 'dsp-sm', 'lpo', 'cpo']);
export const isOptical = (f: MediumFamily): boolean => OPTICAL_FAMILIES.has(f);

export interface MediumModule {
  id: string;
  family: MediumFamily;
  /** Total rate of one module (or cable end). */
  rateGbps: number;
  /** Logical ports a module carries (2 for twin-port OSFP 2×400G). */
  ports: number;
  reachM: number;
  /** Power per module at one end of the link. */
  watts: number;
  /** Latency added per powered end (DSP retiming), ns. */
  latencyNs: number;
  /** Relative cost per module end (optics) or per cable (copper). Unit: one 800G DAC. */
  cost: number;
  /** Lasers per module (optical lanes; CPO shares an external laser source). */
  lasers: number;
  sources: { rate: Source; reach: Source; watts: Source; latency: Source; cost: Source; lasers: Source };
}

const priceA = assume('no public list prices; relative cost, 1 = one 800G DAC');
const latDsp = assume('≈100 ns per DSP retimer (REFERENCE-DATA, assumption)');
const lanes = assume('one laser per optical lane');

function mod(
  id: string,
  family: MediumFamily,
  rateGbps: number,
  ports: number,
  reachM: number,
  watts: number,
  latencyNs: number,
  cost: number,
  lasers: number,
  s: Partial<MediumModule['sources']> & { rate: Source },
): MediumModule {
  return {
    id,
    family,
    rateGbps,
    ports,
    reachM,
    watts,
    latencyNs,
    cost,
    lasers,
    sources: {
      rate: s.rate,
      reach: s.reach ?? s.rate,
      watts: s.watts ?? s.rate,
      latency: s.latency ?? assume('negligible added latency'),
      cost: s.cost ?? priceA,
      lasers: s.lasers ?? (lasers === 0 ? assume('electrical: no lasers') : lanes),
    },
  };
}

const dacDs = ds('NVIDIA MCP4Y10 / MCP7Y00 DAC specs: ≤2 m at 100G per lane, ≈0 W');
const accSrc = second('ACC MSA: 3–7 m; 1–3 W per end (assumption within range)');
const aecSrc = second(
  'industry guides: 2–7 m, 6–12 W per end; HDR active cable 6 W per port (NVIDIA SuperPOD cabling guide)',
);

export const MEDIA: readonly MediumModule[] = [
  mod('nvlink-copper', 'nvlink', 7200, 1, 2, 0, 0, 0.5, 0, {
    rate: ds('NVIDIA GB200 SuperPOD RA: NVLink over copper inside the rack'),
    reach: assume('copper NVLink spans one rack, ≈2 m'),
    watts: assume('passive copper, power counted in the GPU / switch tray'),
  }),
  mod('dac-400', 'dac', 400, 1, 3, 0, 0, 0.6, 0, {
    rate: dacDs,
    reach: ds('NVIDIA MCP7Y00: 800G → 2×400G splitter ≤3 m (a 400G leg is rated as the splitter)'),
  }),
  mod('dac-800', 'dac', 800, 2, 2, 0, 0, 1, 0, { rate: dacDs }),
  mod('acc-400', 'acc', 400, 1, 5, 1.5, 0, 1.4, 0, { rate: accSrc }),
  mod('acc-800', 'acc', 800, 2, 5, 2.5, 0, 2, 0, { rate: accSrc }),
  mod('aec-400', 'aec', 400, 1, 7, 6, 100, 2.5, 0, {
    rate: aecSrc,
    latency: assume('≈100 ns retimer (REFERENCE-DATA, assumption)'),
  }),
  mod('aec-800', 'aec', 800, 2, 7, 10, 100, 4, 0, {
    rate: aecSrc,
    latency: assume('≈100 ns retimer (REFERENCE-DATA, assumption)'),
  }),
  mod('sr4-400', 'dsp-mm', 400, 1, 50, 8.5, 100, 3.5, 4, {
    rate: ds('NVIDIA MMA4Z00-NS400 (400G SR4, 50 m, 8–9 W)'),
    latency: latDsp,
  }),
  mod('2xsr4-800', 'dsp-mm', 800, 2, 50, 15, 100, 6, 8, {
    rate: ds('NVIDIA MMA4Z00-NS (800G twin-port 2×SR4, 50 m, 15 W)'),
    latency: latDsp,
  }),
  mod('dr4-400', 'dsp-sm', 400, 1, 500, 9, 100, 4.5, 4, {
    rate: ds('NVIDIA MMS4X00-NS400 (400G DR4, 9 W)'),
    reach: ds('DR4 spec 500 m (NVIDIA rates its part for 100 m)'),
    latency: latDsp,
  }),
  mod('2xdr4-800', 'dsp-sm', 800, 2, 500, 17, 100, 8, 8, {
    rate: ds('NVIDIA MMS4X00-NS (800G twin-port 2×DR4, 17 W)'),
    reach: ds('DR4 spec 500 m (NVIDIA rates its part for 100 m)'),
    latency: latDsp,
  }),
  mod('dr8-1600', 'dsp-sm', 1600, 2, 500, 30, 100, 14, 8, {
    rate: vc('NVIDIA GTC 2025: 1.6T pluggable ≈30 W (≈18.8 pJ/bit), over half of it the DSP'),
    latency: latDsp,
  }),
  mod('lpo-400', 'lpo', 400, 1, 500, 6, 5, 3.5, 4, {
    rate: second('LPO MSA; vendor guides: 400G LPO ≈6 W vs 10 W retimed, ≤500 m SMF'),
    latency: second('no DSP: saves ≈100 ns vs a DSP module'),
  }),
  mod('lpo-800', 'lpo', 800, 2, 500, 8.5, 5, 6, 8, {
    rate: second('LPO MSA; vendor guides: 800G LPO ≈8.5 W vs 16.5 W retimed, ≤500 m SMF'),
    latency: second('no DSP: saves ≈100 ns vs a DSP module'),
  }),
  mod('cpo-1600', 'cpo', 1600, 2, 500, 9, 0, 8, 2, {
    rate: vc('NVIDIA Spectrum-X / Quantum-X Photonics: ≈9 W per 1.6T port vs ≈30 W pluggable (≈5.6 pJ/bit)'),
    reach: vc('≤500 m class'),
    lasers: assume('external laser source shared by 4 lanes: 2 lasers per 8-lane port'),
  }),
];

export const MEDIUM_BY_ID: ReadonlyMap<string, MediumModule> = new Map(MEDIA.map((m) => [m.id, m]));

/** Propagation delay in fibre (group index ≈1.47); copper is close enough to use the same. */
export const PROPAGATION_NS_PER_M = 4.9;
export const PROPAGATION_SOURCE: Source = { kind: 'physics', ref: 'c / 1.47 group index ≈ 4.9 ns per metre' };

export interface SwitchModel {
  id: string;
  label: string;
  /** Switching capacity, Gb/s. Radix at a link speed = capacity / speed (capped by maxPorts). */
  capacityGbps: number;
  /** Largest number of logical ports (port splitting limit). */
  maxPorts: number;
  /** Pluggable cage rate; a twin-port 800G OSFP carries two 400G ports. */
  cageGbps: number;
  watts: number;
  latencyNs: number;
  cost: number;
  /** A passive optical circuit switch: no transceivers at its ports, no packet latency. */
  passive: boolean;
  sources: { ports: Source; watts: Source; latency: Source; cost: Source };
}

const ibLat = assume('≈200 ns InfiniBand port-to-port (no primary figure found)');
const ethLat = assume('≈600 ns Ethernet port-to-port (no primary figure found)');

export const SWITCHES: readonly SwitchModel[] = [
  {
    id: 'qm9700',
    label: 'NVIDIA Quantum-2 QM9700 (NDR IB)',
    capacityGbps: 25600,
    maxPorts: 64,
    cageGbps: 800,
    watts: 750,
    latencyNs: 200,
    cost: 400,
    passive: false,
    sources: {
      ports: ds('QM97xx manual: 64 × 400G in 32 twin-port OSFP cages'),
      watts: assume('≈750 W without optics (cages rated 17 W each)'),
      latency: ibLat,
      cost: priceA,
    },
  },
  {
    id: 'sn5600',
    label: 'NVIDIA Spectrum-4 SN5600 (Ethernet 51.2T)',
    capacityGbps: 51200,
    maxPorts: 128,
    cageGbps: 800,
    watts: 940,
    latencyNs: 600,
    cost: 600,
    passive: false,
    sources: {
      ports: ds('SN5000 manual: 64 × 800G or 128 × 400G'),
      watts: ds('SN5000 manual (quoted): 940 W typical with passive cables'),
      latency: ethLat,
      cost: priceA,
    },
  },
  {
    id: 'tomahawk5',
    label: 'Broadcom Tomahawk 5 class (51.2T)',
    capacityGbps: 51200,
    maxPorts: 128,
    cageGbps: 800,
    watts: 750,
    latencyNs: 600,
    cost: 500,
    passive: false,
    sources: {
      ports: second('64 × 800G / 128 × 400G (analyst estimates)'),
      watts: assume('chip ≈450–500 W (analysts) plus fans, CPU and SerDes ≈ 750 W system'),
      latency: ethLat,
      cost: priceA,
    },
  },
  {
    id: 'chassis-576',
    label: 'Modular chassis switch (576 × 400G)',
    capacityGbps: 576 * 400,
    maxPorts: 576,
    cageGbps: 400,
    watts: 14000,
    latencyNs: 1500,
    cost: 10000,
    passive: false,
    sources: {
      ports: assume(
        'Meta SIGCOMM 2024: cluster and aggregation switches are deep-buffer modular chassis; 576 × 400G assumed',
      ),
      watts: assume('≈25 W per 400G port without optics'),
      latency: assume('deep-buffer chassis ≈1.5 µs'),
      cost: priceA,
    },
  },
  {
    id: 'q3400',
    label: 'NVIDIA Quantum-X800 Q3400 (XDR IB)',
    capacityGbps: 115200,
    maxPorts: 144,
    cageGbps: 1600,
    watts: 1800,
    latencyNs: 200,
    cost: 1200,
    passive: false,
    sources: {
      ports: ds('Q3400: 144 × 800G, 115.2 Tb/s'),
      watts: assume('no public figure; ≈1.8 kW assumed'),
      latency: ibLat,
      cost: priceA,
    },
  },
  {
    id: 'nvlink-tray',
    label: 'NVLink switch tray (2 NVSwitch chips)',
    capacityGbps: 72 * 800,
    maxPorts: 72,
    cageGbps: 7200,
    watts: 800,
    latencyNs: 100,
    cost: 300,
    passive: false,
    sources: {
      ports: ds('NVIDIA GB200 SuperPOD RA: 9 trays × 2 NVSwitch; each GPU 18 links, 1.8 TB/s'),
      watts: assume('≈800 W per tray (no public figure)'),
      latency: assume('≈100 ns NVSwitch hop'),
      cost: priceA,
    },
  },
  {
    id: 'hgx-nvswitch',
    label: 'NVSwitch on the HGX baseboard',
    capacityGbps: 8 * 3600,
    maxPorts: 8,
    cageGbps: 3600,
    watts: 0,
    latencyNs: 100,
    cost: 0,
    passive: false,
    sources: {
      ports: ds('HGX H100: 4 NVSwitch chips, each GPU 18 NVLinks, 900 GB/s'),
      watts: assume('included in the server power figure'),
      latency: assume('≈100 ns NVSwitch hop'),
      cost: assume('included in the server'),
    },
  },
  {
    id: 'ocs-136',
    label: 'Optical circuit switch (136 ports)',
    capacityGbps: 136 * 400,
    maxPorts: 136,
    cageGbps: 0,
    watts: 108,
    latencyNs: 0,
    cost: 300,
    passive: true,
    sources: {
      ports: paper('Google TPU v4 (ISCA 2023): 48 OCS connect 64 racks; 136-port Palomar OCS'),
      watts: assume('≈108 W per OCS (MEMS mirrors, no transceivers); TPU v4 paper: OCS < 3% of system power'),
      latency: assume('passive mirrors: propagation only'),
      cost: paper('TPU v4 (ISCA 2023): OCS under 5% of system cost (relative, assumption)'),
    },
  },
];

export const SWITCH_BY_ID: ReadonlyMap<string, SwitchModel> = new Map(SWITCHES.map((s) => [s.id, s]));

export interface GpuModel {
  id: string;
  label: string;
  watts: number;
  /** Scale-out NIC rate per GPU (one NIC per GPU). */
  nicGbps: number;
  /** Scale-up bandwidth per GPU, one direction, Gb/s. */
  scaleUpGbps: number;
  cost: number;
  sources: { watts: Source; nic: Source; scaleUp: Source; cost: Source };
}

export const GPUS: readonly GpuModel[] = [
  {
    id: 'h100-sxm',
    label: 'NVIDIA H100 SXM',
    watts: 700,
    nicGbps: 400,
    scaleUpGbps: 3600,
    cost: 2500,
    sources: {
      watts: paper('Llama 3 paper: H100 at 700 W TDP'),
      nic: ds('DGX H100 SuperPOD RA: one 400G ConnectX-7 per GPU'),
      scaleUp: ds('H100 SXM: NVLink 900 GB/s bidirectional (450 GB/s each way)'),
      cost: priceA,
    },
  },
  {
    id: 'b200-hgx',
    label: 'NVIDIA B200 (HGX)',
    watts: 1000,
    nicGbps: 400,
    scaleUpGbps: 7200,
    cost: 3500,
    sources: {
      watts: second('NVIDIA: B200 in HGX 1,000 W'),
      nic: ds('DGX B200: 8 × 400G ConnectX-7'),
      scaleUp: ds('NVLink 5: 1.8 TB/s bidirectional per GPU'),
      cost: priceA,
    },
  },
  {
    id: 'b200-gb200',
    label: 'NVIDIA B200 in GB200',
    watts: 1200,
    nicGbps: 400,
    scaleUpGbps: 7200,
    cost: 4000,
    sources: {
      watts: second('NVIDIA: B200 in GB200 1,200 W'),
      nic: ds('DGX GB200 SuperPOD RA: 400G InfiniBand compute fabric'),
      scaleUp: ds('GB200 NVL72: each GPU 18 NVLinks, 1.8 TB/s bidirectional'),
      cost: priceA,
    },
  },
  {
    id: 'tpu-v4',
    label: 'Google TPU v4',
    watts: 200,
    nicGbps: 400,
    scaleUpGbps: 400,
    cost: 1000,
    sources: {
      watts: assume('≈200 W per chip (order of magnitude, TPU v4 ISCA 2023)'),
      nic: assume('ICI link ≈400 Gb/s per direction'),
      scaleUp: assume('ICI link ≈400 Gb/s per direction'),
      cost: priceA,
    },
  },
];

export const GPU_BY_ID: ReadonlyMap<string, GpuModel> = new Map(GPUS.map((g) => [g.id, g]));

export interface ServerModel {
  id: string;
  label: string;
  /** Power of the server beyond its GPUs (CPUs, memory, fans, NICs without their optics). */
  overheadW: number;
  /** Rack units a server takes (layout only). */
  heightU: number;
  cost: number;
  sources: { overhead: Source; cost: Source };
}

export const SERVERS: readonly ServerModel[] = [
  {
    id: 'dgx-h100',
    label: 'DGX H100 (8 GPUs)',
    overheadW: 10200 - 8 * 700,
    heightU: 8,
    cost: 5000,
    sources: {
      overhead: ds('DGX H100 user guide: 10.2 kW max, less 8 × 700 W GPUs = 4.6 kW'),
      cost: priceA,
    },
  },
  {
    id: 'dgx-b200',
    label: 'DGX B200 (8 GPUs)',
    overheadW: 14300 - 8 * 1000,
    heightU: 10,
    cost: 6000,
    sources: {
      overhead: second('NVIDIA: DGX B200 14.3 kW max, less 8 × 1,000 W GPUs = 6.3 kW'),
      cost: priceA,
    },
  },
  {
    id: 'gb200-tray',
    label: 'GB200 compute tray (4 GPUs, 2 Grace CPUs)',
    overheadW: Math.round((120000 - 72 * 1200 - 9 * 800) / 18),
    heightU: 1,
    cost: 3000,
    sources: {
      overhead: second(
        'GB200 NVL72 rack ≈120 kW (NVIDIA GTC) less 72 × 1,200 W GPUs and 9 × 800 W switch trays, over 18 trays',
      ),
      cost: priceA,
    },
  },
  {
    id: 'tpu-v4-host',
    label: 'TPU v4 host (4 chips)',
    overheadW: 500,
    heightU: 2,
    cost: 1500,
    sources: { overhead: assume('≈500 W host CPU, memory and fans'), cost: priceA },
  },
];

export const SERVER_BY_ID: ReadonlyMap<string, ServerModel> = new Map(SERVERS.map((s) => [s.id, s]));

/** Relative cost of fibre or cable per metre (assumption). */
export const CABLE_COST_PER_M = 0.02;
