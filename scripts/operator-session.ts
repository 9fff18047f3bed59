/** An operator signed in at the dashboard's JSON API, as the dashboard's own page signs in. */
export interface OperatorSession {
  /** The session cookie's value (`oi_admin_session`). */
  token: string;
  /** The `Cookie` header that carries it. */
  cookie: string;
  /** Sent as `x-csrf-token` with every call that changes something. */
  csrfToken: string;
}

/** Signs in through `POST /api/v1/admin/session` (which also counts as a step-up). */
export async function signInOperator(
  apiUrl: string,
  operator: { email: string; password: string },
): Promise<OperatorSession> {
  const response = await fetch(`${apiUrl}/api/v1/admin/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: apiUrl },
    body: JSON.stringify({ email: operator.email, password: operator.password }),
    signal: AbortSignal.timeout(30_000),
  });
  if (response.status !== 201) {
    throw new Error(`operator sign-in answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  }
  const token = /oi_admin_session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
  const { data } = (await response.json()) as { data: { csrfToken: string } };
  if (!token) throw new Error('operator sign-in set no session cookie');
  return { token, cookie: `oi_admin_session=${token}`, csrfToken: data.csrfToken };
}
