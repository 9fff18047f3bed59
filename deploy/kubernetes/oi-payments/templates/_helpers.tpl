{{/* The release's name for every object: the release name, with the chart's unless it holds it. */}}
{{- define "oi-payments.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "oi-payments.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* The pods of one component (api, worker, migrations, search-attributes). */}}
{{- define "oi-payments.selector" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "oi-payments.serviceAccountName" -}}
{{- default (include "oi-payments.fullname" .) .Values.serviceAccount.name -}}
{{- end -}}

{{- define "oi-payments.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/*
The search attributes the workflows set, all Keyword: the list in
platform/temporal/search-attributes.ts (a test holds the two equal).
*/}}
{{- define "oi-payments.searchAttributes" -}}
AppId Mode PaymentStatus Gateway CustomerReference RefundStatus PaymentReference InvoiceStatus InvoiceNumber ReconStatus
{{- end -}}

{{/* What the deployment must set; the processes would refuse to start without it anyway. */}}
{{- define "oi-payments.validate" -}}
{{- if not (hasPrefix "https://" (required "publicUrl is required: the https address customers and gateways reach" .Values.publicUrl)) -}}
{{- fail "publicUrl must be https: the ingress terminates TLS in front of the API" -}}
{{- end -}}
{{- if and (gt (int .Values.trustedProxy.hops) 0) (not .Values.trustedProxy.addresses) -}}
{{- fail "trustedProxy.addresses is required: the networks the ingress controller's pods connect from" -}}
{{- end -}}
{{- $_ := required "temporal.address is required: the Temporal frontend (the official chart's service or Temporal Cloud's endpoint)" .Values.temporal.address -}}
{{- if and .Values.secrets.externalSecret.enabled (not .Values.secrets.externalSecret.secretStoreRef.name) -}}
{{- fail "secrets.externalSecret.secretStoreRef.name is required when the ExternalSecret is enabled" -}}
{{- end -}}
{{- end -}}

{{/* The pod-level security context every pod runs with: the image's node user, never root. */}}
{{- define "oi-payments.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 1000
runAsGroup: 1000
fsGroup: 1000
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "oi-payments.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
runAsUser: 1000
runAsGroup: 1000
capabilities:
  drop: [ALL]
{{- end -}}

{{/*
The processes' environment: the settings (inline, so the pre-install hooks, which run before any
other object exists, get them too), then each Secret key by name. The database URL is the runtime
role's unless .databaseUrlKey names another (the migrations Job: the owner's).
*/}}
{{- define "oi-payments.env" -}}
{{- $root := .root -}}
{{- $values := $root.Values -}}
{{- $secret := $values.secrets.name -}}
{{- $settings := dict
  "NODE_ENV" "production"
  "PORT" (toString $values.service.port)
  "PUBLIC_URL" $values.publicUrl
  "TRUSTED_PROXY_HOPS" (toString $values.trustedProxy.hops)
  "TRUSTED_PROXY_ADDRESSES" (join "," $values.trustedProxy.addresses)
  "DATA_DIR" "/app/.data"
  "WORKER_METRICS_PORT" (toString $values.worker.metricsPort)
  "TEMPORAL_ADDRESS" $values.temporal.address
  "TEMPORAL_NAMESPACE" $values.temporal.namespace
  "TEMPORAL_TASK_QUEUE" $values.temporal.taskQueue
  "TEMPORAL_TLS" (toString $values.temporal.tls.enabled)
-}}
{{- with $values.temporal.uiUrl }}{{ $_ := set $settings "TEMPORAL_UI_URL" . }}{{ end -}}
{{- with $values.temporal.tls.serverName }}{{ $_ := set $settings "TEMPORAL_TLS_SERVER_NAME" . }}{{ end -}}
{{- if $values.temporal.tls.clientCertSecret -}}
{{- $_ := set $settings "TEMPORAL_TLS_CERT_PATH" "/etc/oi-payments/temporal/tls.crt" -}}
{{- $_ := set $settings "TEMPORAL_TLS_KEY_PATH" "/etc/oi-payments/temporal/tls.key" -}}
{{- if $values.temporal.tls.caInSecret }}{{ $_ := set $settings "TEMPORAL_TLS_CA_PATH" "/etc/oi-payments/temporal/ca.crt" }}{{ end -}}
{{- end -}}
{{- if $values.temporal.allowPlaintext }}{{ $_ := set $settings "TEMPORAL_ALLOW_PLAINTEXT" "true" }}{{ end -}}
{{- range $name, $value := $values.config }}{{ $_ := set $settings $name (toString $value) }}{{ end -}}
{{- range $name, $value := .extra }}{{ $_ := set $settings $name (toString $value) }}{{ end -}}
env:
{{- range $name := keys $settings | sortAlpha }}
  - name: {{ $name }}
    value: {{ get $settings $name | quote }}
{{- end }}
  - name: DATABASE_URL
    valueFrom:
      secretKeyRef:
        name: {{ $secret }}
        key: {{ .databaseUrlKey | default "DATABASE_URL" }}
{{- range $values.secrets.required }}
{{- if not (has . (list "DATABASE_URL" "MIGRATION_DATABASE_URL")) }}
  - name: {{ . }}
    valueFrom:
      secretKeyRef:
        name: {{ $secret }}
        key: {{ . }}
{{- end }}
{{- end }}
{{- if $values.temporal.apiKey.enabled }}
  - name: TEMPORAL_API_KEY
    valueFrom:
      secretKeyRef:
        name: {{ $secret }}
        key: TEMPORAL_API_KEY
{{- end }}
{{- range $values.secrets.optional }}
  - name: {{ . }}
    valueFrom:
      secretKeyRef:
        name: {{ $secret }}
        key: {{ . }}
        optional: true
{{- end }}
{{- end -}}

{{/* Writable places on a read-only root: /tmp and the data directory; the certificates, read-only. */}}
{{- define "oi-payments.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
- name: data
  mountPath: /app/.data
{{- if .Values.temporal.tls.clientCertSecret }}
- name: temporal-certs
  mountPath: /etc/oi-payments/temporal
  readOnly: true
{{- end }}
{{- if .Values.postgresql.caSecret }}
- name: postgresql-ca
  mountPath: /etc/oi-payments/postgresql
  readOnly: true
{{- end }}
{{- end -}}

{{- define "oi-payments.volumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: 256Mi
- name: data
  emptyDir:
    sizeLimit: 256Mi
{{- if .Values.temporal.tls.clientCertSecret }}
- name: temporal-certs
  secret:
    secretName: {{ .Values.temporal.tls.clientCertSecret }}
    defaultMode: 0440
{{- end }}
{{- if .Values.postgresql.caSecret }}
- name: postgresql-ca
  secret:
    secretName: {{ .Values.postgresql.caSecret }}
    defaultMode: 0444
    items:
      - key: ca.crt
        path: ca.crt
{{- end }}
{{- end -}}

{{/* A probe over HTTP on a named port. */}}
{{- define "oi-payments.probe" -}}
httpGet:
  path: {{ .path }}
  port: {{ .port }}
periodSeconds: {{ .period | default 10 }}
timeoutSeconds: {{ .timeout | default 3 }}
failureThreshold: {{ .failures | default 3 }}
{{- end -}}

{{/* Egress both processes need: DNS, PostgreSQL, Temporal, HTTPS out (gateways, identity provider, webhooks). */}}
{{- define "oi-payments.commonEgress" -}}
{{- $np := .Values.networkPolicy -}}
- to:
    - namespaceSelector:
        {{- toYaml $np.dns.namespaceSelector | nindent 8 }}
      podSelector:
        {{- toYaml $np.dns.podSelector | nindent 8 }}
  ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
- to:
    {{- toYaml (required "postgresql.networkPolicyPeers is required with network policies: where PostgreSQL is" .Values.postgresql.networkPolicyPeers) | nindent 4 }}
  ports:
    - port: {{ .Values.postgresql.port }}
      protocol: TCP
- to:
    {{- toYaml (required "temporal.networkPolicyPeers is required with network policies: where Temporal's frontend is" .Values.temporal.networkPolicyPeers) | nindent 4 }}
  ports:
    - port: {{ .Values.temporal.port }}
      protocol: TCP
- to:
    - ipBlock:
        cidr: {{ $np.httpsEgress.cidr }}
        {{- with $np.httpsEgress.except }}
        except:
          {{- toYaml . | nindent 10 }}
        {{- end }}
  ports:
    - port: 443
      protocol: TCP
{{- with $np.extraEgress }}
{{ toYaml . }}
{{- end }}
{{- end -}}
