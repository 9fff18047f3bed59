/** An app's own choice for one gateway in one mode, its credentials unsealed. */
export interface AppGatewaySetting {
  gateway: string;
  enabled: boolean;
  credentials: Record<string, string> | null;
  /**
   * Set when the row holds credentials that do not open here (sealed for another row, or under a
   * key this process does not hold): the gateway is unusable for the app, never replaced by the
   * service-wide credentials.
   */
  credentialsUnreadable?: string;
  updatedAt: Date;
}
