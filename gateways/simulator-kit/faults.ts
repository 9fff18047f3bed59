/**
 * Faults a tester sets on a gateway simulator: defaults for every payment, and per payment (by
 * the key the gateway knows it by) laid over them field by field.
 */
export class FaultBook<Faults extends object, SnapshotKey extends string> {
  private defaults = {} as Faults;
  private readonly byKey = new Map<string, Faults>();

  /** `snapshotKey` names the per-payment faults in the control API's answer (`byTranId`, `byOrderId`). */
  constructor(private readonly snapshotKey: SnapshotKey) {}

  /** Replaces the faults for every payment (no key) or for one payment: the control API's PUT. */
  set(faults: Faults, key?: string): void {
    if (key === undefined) this.defaults = { ...faults };
    else this.byKey.set(key, { ...faults });
  }

  /** Adds to the faults already set, leaving the others armed: the tester page's forms. */
  arm(changes: Partial<Faults>, key?: string): void {
    if (key === undefined) this.defaults = { ...this.defaults, ...changes };
    else this.byKey.set(key, { ...this.byKey.get(key), ...changes } as Faults);
  }

  /** Takes one fault away; a payment left with none is forgotten. */
  disarm(name: keyof Faults, key?: string): void {
    const faults = key === undefined ? this.defaults : this.byKey.get(key);
    if (!faults) return;
    const rest = { ...faults };
    delete rest[name];
    if (key === undefined) this.defaults = rest;
    else if (Object.keys(rest).length === 0) this.byKey.delete(key);
    else this.byKey.set(key, rest);
  }

  /**
   * A one-off fault strikes: whether `name` is armed for this payment (its own faults first, then
   * every payment's), taken away where it was armed so that the next call goes through.
   */
  spend(name: keyof Faults, key: string | null): boolean {
    const specific = key === null ? undefined : this.byKey.get(key);
    if (key !== null && specific?.[name]) {
      this.disarm(name, key);
      return true;
    }
    // Set for this payment, but off: every payment's setting does not reach it.
    if (specific?.[name] !== undefined) return false;
    if (!this.defaults[name]) return false;
    this.disarm(name);
    return true;
  }

  for(key: string | null): Faults {
    const specific = key === null ? undefined : this.byKey.get(key);
    return { ...this.defaults, ...specific };
  }

  /** What is set, for every payment (key null) and then per payment. */
  entries(): Array<{ key: string | null; faults: Faults }> {
    return [
      { key: null, faults: { ...this.defaults } },
      ...[...this.byKey].map(([key, faults]) => ({ key, faults: { ...faults } })),
    ];
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
