/** The rules a maintenance window an operator enters must keep. Pure. */

/** The longest window one entry may cover: a longer outage is entered again, so it is looked at again. */
export const MAX_WINDOW_MS = 7 * 24 * 3_600_000;

export interface MaintenanceWindowInput {
  startsAt: Date;
  endsAt: Date;
}

/** What is wrong with a window entered at `now`; null when it may be saved. */
export function maintenanceWindowProblem(input: MaintenanceWindowInput, now: Date): string | null {
  if (input.endsAt.getTime() <= input.startsAt.getTime()) return 'endsAt must be after startsAt';
  if (input.endsAt.getTime() <= now.getTime()) return 'endsAt must be in the future';
  if (input.endsAt.getTime() - input.startsAt.getTime() > MAX_WINDOW_MS)
    return 'a maintenance window may last at most 7 days';
  return null;
}

/** Whether a window is in force at `at` (its start included, its end not). */
export function inForce(window: MaintenanceWindowInput & { cancelledAt: Date | null }, at: Date): boolean {
  return (
    window.cancelledAt === null &&
    window.startsAt.getTime() <= at.getTime() &&
    at.getTime() < window.endsAt.getTime()
  );
}
