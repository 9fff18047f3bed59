import { Migration } from '@mikro-orm/migrations';

/**
 * A webhook attempt keeps why the endpoint did not take it as a kind (`failure_reason`:
 * DNS_NOT_FOUND, CONNECTION_REFUSED, TIMEOUT, HTTP_4XX, …) and its `error` in neutral words. Attempts
 * recorded before kept the resolver's and the socket's own text, which named addresses and told a
 * name that does not resolve from a closed port; they are classified from it here and that text is
 * replaced, so no attempt read back through the API holds it.
 */
export class Migration20270107010000_webhook_failure_reasons extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table webhook_attempts add column failure_reason text;
      update webhook_attempts set failure_reason = case
          when status_code between 200 and 299 then null
          when status_code between 300 and 399 then 'HTTP_3XX'
          when status_code between 400 and 499 then 'HTTP_4XX'
          when status_code between 500 and 599 then 'HTTP_5XX'
          when status_code is not null then 'HTTP_OTHER'
          when error ~* 'did not answer in time|ETIMEDOUT|ESOCKETTIMEDOUT' then 'TIMEOUT'
          when error ~* 'is not allowed' then 'BLOCKED_ADDRESS'
          when error ~ 'ECONNREFUSED' then 'CONNECTION_REFUSED'
          when error ~ 'ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_NODATA' then 'DNS_NOT_FOUND'
          when error ~ 'ECONNRESET|EPIPE' then 'CONNECTION_RESET'
          when error ~* 'ERR_TLS|ERR_SSL|CERT_|certificate' then 'TLS_ERROR'
          else 'UNREACHABLE'
        end;
      update webhook_attempts set error = case failure_reason
          when 'TIMEOUT' then 'The endpoint did not answer in time (TIMEOUT)'
          when 'BLOCKED_ADDRESS' then 'The endpoint''s address is in a network deliveries may not reach (BLOCKED_ADDRESS)'
          when 'CONNECTION_REFUSED' then 'The endpoint refused the connection (CONNECTION_REFUSED)'
          when 'DNS_NOT_FOUND' then 'The endpoint''s host name did not resolve (DNS_NOT_FOUND)'
          when 'CONNECTION_RESET' then 'The connection closed before the endpoint answered (CONNECTION_RESET)'
          when 'TLS_ERROR' then 'The TLS handshake with the endpoint failed (TLS_ERROR)'
          else 'The endpoint could not be reached (UNREACHABLE)'
        end
        where status_code is null;
    `);
  }

  override async down(): Promise<void> {
    this.addSql('alter table webhook_attempts drop column failure_reason;');
  }
}
