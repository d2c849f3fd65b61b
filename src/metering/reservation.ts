// A reservation: units already charged by reserve(), waiting for the render's outcome.
// commit() only settles it (the charge stays; nothing to write); refund() gives the units back
// in one transaction. Both are idempotent and whichever settles first wins, so a route can
// call refund() in a catch and commit() on success without tracking which ran. A failed
// refund leaves the reservation open, so it can be tried again. An open reservation that is
// never settled (the process died) keeps its charge: a render may have been delivered.
import type { MeteringCharge } from '../storage/db/index.ts';
import type { QuotaWindow, Reservation, ReservationState } from './types.ts';

export interface ReservationInput {
  accountId: string;
  units: number;
  period: string;
  quota: QuotaWindow;
  credits: Reservation['credits'];
  /** What was written; undefined when the plan meters nothing and nothing was. */
  charge: MeteringCharge | undefined;
  giveBack(charge: MeteringCharge): Promise<void>;
}

export function createReservation(input: ReservationInput): Reservation {
  let state: ReservationState = 'open';
  let refunding: Promise<void> | undefined;

  return {
    accountId: input.accountId,
    units: input.units,
    period: input.period,
    quota: input.quota,
    credits: input.credits,
    get state() {
      return state;
    },
    async commit() {
      if (state === 'open' && !refunding) state = 'committed';
    },
    refund() {
      if (state !== 'open') return Promise.resolve();
      const charge = input.charge;
      refunding ??= (charge ? input.giveBack(charge) : Promise.resolve()).then(
        () => {
          state = 'refunded';
          refunding = undefined;
        },
        (error: unknown) => {
          refunding = undefined;
          throw error;
        },
      );
      return refunding;
    },
  };
}
