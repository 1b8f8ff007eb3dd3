/** Port: a cheap round trip to storage that fails when storage does not answer. */
export interface HealthDeps {
  pingStorage(): Promise<void>;
}

export type HealthStatus = 'ok' | 'unavailable';

/** Storage answering is what "healthy" means: every operation depends on it. */
export async function checkHealth(deps: HealthDeps): Promise<HealthStatus> {
  try {
    await deps.pingStorage();
    return 'ok';
  } catch {
    return 'unavailable';
  }
}
