/** An app's own choice for one gateway in one mode, its credentials unsealed. */
export interface AppGatewaySetting {
  gateway: string;
  enabled: boolean;
  credentials: Record<string, string> | null;
  updatedAt: Date;
}
