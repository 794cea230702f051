/**
 * The ready signal of the simulator's virtual clock: POST /sim/ready?tick=N tells it this trader is
 * done with tick N. Not part of RIT: a bot sends it only when told the case runs on the virtual
 * clock. A failed signal costs the case one maximum wait, so it is reported, not thrown.
 */
export async function signalReady(apiUrl: string, apiKey: string, tick: number): Promise<void> {
  const root = apiUrl.replace(/\/v1\/?$/, '');
  const res = await fetch(`${root}/sim/ready?tick=${tick}`, { method: 'POST', headers: { 'X-API-Key': apiKey } });
  // Drain the body so the connection is reused.
  await res.text();
  if (!res.ok) throw new Error(`POST /sim/ready?tick=${tick}: HTTP ${res.status}`);
}
