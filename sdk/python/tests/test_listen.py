"""`oi-payments listen` against real local HTTP servers: a stream that is cut and resumed, a
receiver that verifies what it is sent, and the secret the Node SDK's listen derives."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from standardwebhooks.webhooks import Webhook

from oi_payments.cli import main
from oi_payments.listen import ListenFailure, forward_event, listen, listen_signing_secret, stream_url


@contextmanager
def serving(handle: Callable[[BaseHTTPRequestHandler], None]) -> Iterator[str]:
    """A server on 127.0.0.1 answering every request with ``handle``; its base URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            handle(self)

        do_POST = do_GET

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class Receiver:
    """A local webhook receiver that records each request's headers and body, and answers 200."""

    def __init__(self) -> None:
        self.requests: list[tuple[dict[str, str], str]] = []

    def __call__(self, request: BaseHTTPRequestHandler) -> None:
        body = request.rfile.read(int(request.headers["content-length"])).decode("utf-8")
        self.requests.append(({k.lower(): v for k, v in request.headers.items()}, body))
        request.send_response(200)
        request.send_header("content-length", "0")
        request.end_headers()


def event_frame(event_id: str, event_type: str, data: dict[str, object]) -> bytes:
    return f"id: {event_id}\nevent: {event_type}\ndata: {json.dumps(data)}\n\n".encode()


def test_the_signing_secret_is_the_one_the_node_sdk_derives() -> None:
    # Computed by sdk/src/listen/signing-secret.ts for the same API secrets.
    assert listen_signing_secret("oi_test_sk_example") == "whsec_ZQfesbypYwqdQ3GHCUFUUyZGGSEjbIYoTdeMoGEneSk="
    assert listen_signing_secret("sk_ünïcode") == "whsec_QllDbIU4ZLPJpHBxZ3v1P4b58PaFSDDMTMR/QnWhEHk="
    assert listen_signing_secret("oi_test_sk_other") != listen_signing_secret("oi_test_sk_example")


def test_a_forward_is_signed_as_the_node_sdk_signs_it_and_verifies() -> None:
    receiver = Receiver()
    secret = listen_signing_secret("oi_test_sk_example")
    body = '{"id":"evt_1","note":"é"}'
    at = datetime.fromtimestamp(1764000000, tz=timezone.utc)
    with serving(receiver) as url, httpx.Client() as client:
        outcome = forward_event(client, url=f"{url}/webhooks", secret=secret, event_id="evt_1", body=body, timeout=5, now=at)
    assert outcome.status == 200 and outcome.error is None
    headers, received = receiver.requests[0]
    assert received == body
    assert headers["webhook-id"] == "evt_1"
    assert headers["webhook-timestamp"] == "1764000000"
    assert headers["content-type"] == "application/json"
    # The Node SDK's forward signs the same id, time and body with these bytes.
    assert headers["webhook-signature"] == "v1,+hh4geBjGhT4bIELQwmIGo+gmOURYSrpx3KGteyCma0="


def test_a_receiver_that_does_not_answer_is_an_outcome_not_an_exception() -> None:
    with serving(Receiver()) as url:
        pass  # closed: nothing listens there now
    with httpx.Client() as client:
        outcome = forward_event(client, url=url, secret=listen_signing_secret("s"), event_id="evt_1", body="{}", timeout=2)
    assert outcome.status is None and outcome.error and "ConnectError" in outcome.error


def test_the_stream_url_adds_api_v1_once_and_the_types() -> None:
    assert stream_url("https://pay.example.com/") == "https://pay.example.com/api/v1/events/stream"
    assert stream_url("https://pay.example.com/api/v1") == "https://pay.example.com/api/v1/events/stream"
    assert stream_url("http://h", ["payment.succeeded", "refund.succeeded"]) == (
        "http://h/api/v1/events/stream?type=payment.succeeded%2Crefund.succeeded"
    )


def test_it_forwards_each_event_and_after_a_cut_goes_on_after_the_last_one() -> None:
    receiver = Receiver()
    asked: list[dict[str, str]] = []
    done = threading.Event()

    def stream(request: BaseHTTPRequestHandler) -> None:
        asked.append({k.lower(): v for k, v in request.headers.items()})
        request.send_response(200)
        request.send_header("content-type", "text/event-stream")
        request.end_headers()
        out = request.wfile
        if len(asked) == 1:
            out.write(b"retry: 2000\n\nid: evt_0\nevent: ready\ndata: {}\n\n")
            out.write(event_frame("evt_1", "payment.succeeded", {"id": "evt_1"}))
            # A frame split mid-line, with CRLF line ends, then the connection is dropped.
            out.write(b"id: evt_2\r\nevent: payment.")
            out.flush()
            out.write(b'failed\r\ndata: {"id":"evt_2"}\r\n\r\n: heartbeat\n\n')
            out.flush()
            request.close_connection = True
            return
        out.write(b"id: evt_2\nevent: ready\ndata: {}\n\n")
        out.write(event_frame("evt_3", "refund.succeeded", {"id": "evt_3"}))
        out.flush()
        done.wait(5)

    printed: list[str] = []
    errors: list[str] = []
    stop = threading.Event()
    secret = listen_signing_secret("oi_test_sk_example")

    def forwarded(event_id: str, outcome: object) -> None:
        if event_id == "evt_3":
            stop.set()
            done.set()

    with serving(stream) as service, serving(receiver) as local:
        listen(
            base_url=service,
            api_key="oi_test_key",
            api_secret="oi_test_sk_example",
            forward_to=f"{local}/webhooks",
            signing_secret=secret,
            print_line=printed.append,
            print_error=errors.append,
            on_forwarded=forwarded,
            stop=stop,
            backoff=0.05,
            idle_timeout=5,
        )

    assert [headers["webhook-id"] for headers, _ in receiver.requests] == ["evt_1", "evt_2", "evt_3"]
    for headers, body in receiver.requests:
        assert Webhook(secret).verify(body, headers)["id"] == headers["webhook-id"]
    assert asked[0]["x-api-key"] == "oi_test_key" and asked[0]["x-api-secret"] == "oi_test_sk_example"
    assert "last-event-id" not in asked[0]
    assert asked[1]["last-event-id"] == "evt_2"
    assert printed[0] == f"Ready. Your webhook signing secret is {secret} (^C to stop)"
    assert printed[1] == f"Forwarding TEST events (every event) to {local}/webhooks"
    assert printed[3].endswith("  payment.failed  evt_2  → 200")
    assert any(line.startswith("Connection lost (the service ended the stream)") for line in errors)
    assert "Reconnected; going on after evt_2." in errors


def envelope(status: int, code: str, message: str) -> Callable[[BaseHTTPRequestHandler], None]:
    def answer(request: BaseHTTPRequestHandler) -> None:
        body = json.dumps({"data": None, "meta": {"errorCode": code, "message": message}}).encode()
        request.send_response(status)
        request.send_header("content-type", "application/json")
        request.send_header("content-length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    return answer


def test_a_refusal_for_good_stops_with_the_service_s_error_code() -> None:
    with serving(envelope(403, "EVENT_STREAM_TEST_ONLY", "TEST keys only")) as service:
        with pytest.raises(ListenFailure, match="EVENT_STREAM_TEST_ONLY: TEST keys only"):
            listen(
                base_url=service,
                api_key="oi_live_key",
                api_secret="s",
                forward_to="http://127.0.0.1:9/",
                signing_secret=listen_signing_secret("s"),
                print_line=lambda line: None,
                print_error=lambda line: None,
            )


def test_a_passing_refusal_is_tried_again_with_backoff() -> None:
    errors: list[str] = []
    stop = threading.Event()

    def print_error(line: str) -> None:
        errors.append(line)
        if len(errors) == 2:
            stop.set()

    with serving(envelope(429, "EVENT_STREAM_LIMIT", "Too many streams")) as service:
        listen(
            base_url=service,
            api_key="oi_test_key",
            api_secret="s",
            forward_to="http://127.0.0.1:9/",
            signing_secret=listen_signing_secret("s"),
            print_line=lambda line: None,
            print_error=print_error,
            stop=stop,
            backoff=0.01,
        )
    assert all(line.startswith("Connection lost (EVENT_STREAM_LIMIT); reconnecting in") for line in errors)


def test_the_command_line_refuses_what_it_cannot_use(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OI_PAYMENTS_URL", "OI_API_KEY", "OI_API_SECRET", "OI_LISTEN_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)
    cases = [
        ([], "Usage: oi-payments listen"),
        (["serve"], "Unknown command serve"),
        (["listen"], "--forward-to is required"),
        (["listen", "--forward-to", "http://localhost:4000/"], "Give --base-url or OI_PAYMENTS_URL"),
        (
            ["listen", "--forward-to", "http://localhost:4000/", "--base-url", "http://x", "--api-key", "k", "--api-secret", "s", "--signing-secret", "nope"],
            "--signing-secret must be a whsec_",
        ),
        (
            ["listen", "--forward-to", "localhost:4000", "--base-url", "http://x", "--api-key", "k", "--api-secret", "s"],
            "Not a URL: localhost:4000",
        ),
        (["listen", "--forward-to", "http://localhost:4000/", "--unknown"], "unrecognized arguments: --unknown"),
    ]
    for argv, said in cases:
        with pytest.raises(SystemExit) as exited:
            main(argv)
        assert exited.value.code == 2
        assert said in capsys.readouterr().err
