"""The ``oi-payments`` command (``[project.scripts]``): ``oi-payments listen``, as the Node SDK's."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Sequence
from typing import NoReturn
from urllib.parse import urlsplit

from .listen import ListenFailure, listen, listen_signing_secret

USAGE = """Usage: oi-payments listen --forward-to <url> [options]

Follows your app's TEST events on the service and posts each to <url>, signed as the
webhook would be (Standard Webhooks). Needs only the app's TEST credentials.

Options (or environment variables):
  --forward-to <url>        where to post each event, e.g. http://localhost:4000/webhooks
  --base-url <url>          the service's address                  OI_PAYMENTS_URL
  --api-key <key>           the app's TEST key (oi_test_…)         OI_API_KEY
  --api-secret <secret>     its secret                             OI_API_SECRET
  --signing-secret <whsec>  sign with this secret instead of the   OI_LISTEN_SIGNING_SECRET
                            one derived from your API secret
  --events <types>          only these types, comma separated
  --after <evt_…>           replay the events after this one first
"""

_LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


def _fail(message: str) -> NoReturn:
    sys.stderr.write(f"{message}\n")
    raise SystemExit(2)


class _Parser(argparse.ArgumentParser):
    """argparse with the usage above, exiting 2 with it on any mistake."""

    def error(self, message: str) -> NoReturn:
        _fail(f"{message}\n\n{USAGE}")

    def print_help(self, file: object = None) -> None:
        _fail(USAGE)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="oi-payments listen", add_help=True)
    for name in ("forward-to", "base-url", "api-key", "api-secret", "signing-secret", "events", "after"):
        parser.add_argument(f"--{name}")
    return parser


def _is_url(value: str) -> bool:
    parts = urlsplit(value)
    return bool(parts.scheme and parts.netloc)


def _stop_on_sigterm() -> None:
    # ^C raises KeyboardInterrupt; SIGTERM (a service manager, a test) stops it the same way.
    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("--help", "-h"):
        _fail(USAGE)
    command, rest = args[0], args[1:]
    if command != "listen":
        _fail(f"Unknown command {command}\n\n{USAGE}")
    values = _parser().parse_args(rest)
    env = os.environ
    forward_to = values.forward_to or _fail(f"--forward-to is required\n\n{USAGE}")
    base_url = values.base_url or env.get("OI_PAYMENTS_URL") or _fail("Give --base-url or OI_PAYMENTS_URL")
    api_key = values.api_key or env.get("OI_API_KEY") or _fail("Give --api-key or OI_API_KEY")
    api_secret = values.api_secret or env.get("OI_API_SECRET") or _fail("Give --api-secret or OI_API_SECRET")
    given = values.signing_secret if values.signing_secret is not None else env.get("OI_LISTEN_SIGNING_SECRET")
    if given is not None and not given.startswith("whsec_"):
        _fail("--signing-secret must be a whsec_… secret")
    for url in (forward_to, base_url):
        if not _is_url(url):
            _fail(f"Not a URL: {url}")
    base = urlsplit(base_url)
    if base.scheme == "http" and base.hostname not in _LOCAL_HOSTS:
        sys.stderr.write(
            f"Warning: {base.scheme}://{base.netloc} is plain http; your API secret travels unencrypted.\n"
        )

    _stop_on_sigterm()
    # A terminal or pipe that cannot print `→` (a legacy Windows code page) gets `?`, not a crash.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    try:
        listen(
            base_url=base_url,
            api_key=api_key,
            api_secret=api_secret,
            forward_to=forward_to,
            signing_secret=given or listen_signing_secret(api_secret),
            show_secret=given is None,
            types=[t.strip() for t in values.events.split(",") if t.strip()] if values.events else None,
            after=values.after,
            print_line=lambda line: print(line, flush=True),
            print_error=lambda line: print(line, file=sys.stderr, flush=True),
        )
    except ListenFailure as error:
        _fail(str(error))
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
