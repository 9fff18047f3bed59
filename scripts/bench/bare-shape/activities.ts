/** The local activities of a bare lifecycle: each does nothing, so only Temporal's part is left. */
export const bareActivities = {
  async nothing(): Promise<void> {
    // Opening a checkout session and settling a payment take these places.
  },
};
