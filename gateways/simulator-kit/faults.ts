/**
 * Faults a tester sets on a gateway simulator: defaults for every payment, and per payment (by
 * the key the gateway knows it by) laid over them field by field.
 */
export class FaultBook<Faults extends object, SnapshotKey extends string> {
  private defaults = {} as Faults;
  private readonly byKey = new Map<string, Faults>();

  /** `snapshotKey` names the per-payment faults in the control API's answer (`byTranId`, `byOrderId`). */
  constructor(private readonly snapshotKey: SnapshotKey) {}

  set(faults: Faults, key?: string): void {
    if (key === undefined) this.defaults = { ...faults };
    else this.byKey.set(key, { ...faults });
  }

  for(key: string | null): Faults {
    const specific = key === null ? undefined : this.byKey.get(key);
    return { ...this.defaults, ...specific };
  }

  snapshot(): { defaults: Faults } & Record<SnapshotKey, Record<string, Faults>> {
    return { defaults: this.defaults, [this.snapshotKey]: Object.fromEntries(this.byKey) } as {
      defaults: Faults;
    } & Record<SnapshotKey, Record<string, Faults>>;
  }

  clear(): void {
    this.defaults = {} as Faults;
    this.byKey.clear();
  }
}
