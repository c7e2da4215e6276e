export type HubOption = { id: string; label: string };

export type HubChoice<H extends HubOption> =
  | { kind: 'found'; hub: H }
  | { kind: 'no_hubs' }
  | { kind: 'name_needed'; choices: H[] }
  | { kind: 'unknown'; name: string; choices: H[] };

/** Picks the hub a command means: by label (case-insensitive), or the only one when no name is given. */
export function chooseHub<H extends HubOption>(hubs: readonly H[], name: string | undefined): HubChoice<H> {
  if (hubs.length === 0) return { kind: 'no_hubs' };
  const wanted = name?.trim().toLowerCase();
  if (!wanted) return hubs.length === 1 ? { kind: 'found', hub: hubs[0]! } : { kind: 'name_needed', choices: [...hubs] };
  const exact = hubs.find((hub) => hub.label.toLowerCase() === wanted);
  if (exact) return { kind: 'found', hub: exact };
  return { kind: 'unknown', name: name!.trim(), choices: [...hubs] };
}
