from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_envelope import ErrorEnvelope
from ...models.stream_events_response_200 import StreamEventsResponse200
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    type_: str | Unset = UNSET,
    after: str | Unset = UNSET,
    last_event_id: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(last_event_id, Unset):
        headers["Last-Event-ID"] = last_event_id

    params: dict[str, Any] = {}

    params["type"] = type_

    params["after"] = after

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/events/stream",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorEnvelope | StreamEventsResponse200 | None:
    if response.status_code == 200:
        response_200 = StreamEventsResponse200.from_dict(response.text)

        return response_200

    if response.status_code == 400:
        response_400 = ErrorEnvelope.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorEnvelope.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorEnvelope.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorEnvelope.from_dict(response.json())

        return response_404

    if response.status_code == 405:
        response_405 = ErrorEnvelope.from_dict(response.json())

        return response_405

    if response.status_code == 429:
        response_429 = ErrorEnvelope.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ErrorEnvelope.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = ErrorEnvelope.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorEnvelope | StreamEventsResponse200]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    type_: str | Unset = UNSET,
    after: str | Unset = UNSET,
    last_event_id: str | Unset = UNSET,
) -> Response[ErrorEnvelope | StreamEventsResponse200]:
    """Follow the app's TEST events as they happen (server-sent events)

     A stream of server-sent events for `oi-payments listen` (the Node SDK) or any SSE client. After a
    `ready` event, each event arrives as an SSE event named by its type, with the event id as the SSE id
    and as `data` the very JSON body its webhook delivers (feed it to the same handler).

    Resumable: send the last id you took as `Last-Event-ID` (an EventSource does so itself) or
    `?after=`, and every event after it comes, none skipped. At least once: the last event before a cut
    may come again with its same id. Without either, the stream starts after the newest event, and the
    `ready` event carries that event's id, so a client cut before its first event resumes from there.

    Comment lines (`: heartbeat`) come after 15 s without an event, so proxies keep the connection. TEST
    credentials only: LIVE events reach only the app's webhook endpoints. At most five streams per app
    are open on one server at a time.

    Needs the `reporting` scope.

    Args:
        type_ (str | Unset):
        after (str | Unset):
        last_event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | StreamEventsResponse200]
    """

    kwargs = _get_kwargs(
        type_=type_,
        after=after,
        last_event_id=last_event_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    type_: str | Unset = UNSET,
    after: str | Unset = UNSET,
    last_event_id: str | Unset = UNSET,
) -> ErrorEnvelope | StreamEventsResponse200 | None:
    """Follow the app's TEST events as they happen (server-sent events)

     A stream of server-sent events for `oi-payments listen` (the Node SDK) or any SSE client. After a
    `ready` event, each event arrives as an SSE event named by its type, with the event id as the SSE id
    and as `data` the very JSON body its webhook delivers (feed it to the same handler).

    Resumable: send the last id you took as `Last-Event-ID` (an EventSource does so itself) or
    `?after=`, and every event after it comes, none skipped. At least once: the last event before a cut
    may come again with its same id. Without either, the stream starts after the newest event, and the
    `ready` event carries that event's id, so a client cut before its first event resumes from there.

    Comment lines (`: heartbeat`) come after 15 s without an event, so proxies keep the connection. TEST
    credentials only: LIVE events reach only the app's webhook endpoints. At most five streams per app
    are open on one server at a time.

    Needs the `reporting` scope.

    Args:
        type_ (str | Unset):
        after (str | Unset):
        last_event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | StreamEventsResponse200
    """

    return sync_detailed(
        client=client,
        type_=type_,
        after=after,
        last_event_id=last_event_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    type_: str | Unset = UNSET,
    after: str | Unset = UNSET,
    last_event_id: str | Unset = UNSET,
) -> Response[ErrorEnvelope | StreamEventsResponse200]:
    """Follow the app's TEST events as they happen (server-sent events)

     A stream of server-sent events for `oi-payments listen` (the Node SDK) or any SSE client. After a
    `ready` event, each event arrives as an SSE event named by its type, with the event id as the SSE id
    and as `data` the very JSON body its webhook delivers (feed it to the same handler).

    Resumable: send the last id you took as `Last-Event-ID` (an EventSource does so itself) or
    `?after=`, and every event after it comes, none skipped. At least once: the last event before a cut
    may come again with its same id. Without either, the stream starts after the newest event, and the
    `ready` event carries that event's id, so a client cut before its first event resumes from there.

    Comment lines (`: heartbeat`) come after 15 s without an event, so proxies keep the connection. TEST
    credentials only: LIVE events reach only the app's webhook endpoints. At most five streams per app
    are open on one server at a time.

    Needs the `reporting` scope.

    Args:
        type_ (str | Unset):
        after (str | Unset):
        last_event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | StreamEventsResponse200]
    """

    kwargs = _get_kwargs(
        type_=type_,
        after=after,
        last_event_id=last_event_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    type_: str | Unset = UNSET,
    after: str | Unset = UNSET,
    last_event_id: str | Unset = UNSET,
) -> ErrorEnvelope | StreamEventsResponse200 | None:
    """Follow the app's TEST events as they happen (server-sent events)

     A stream of server-sent events for `oi-payments listen` (the Node SDK) or any SSE client. After a
    `ready` event, each event arrives as an SSE event named by its type, with the event id as the SSE id
    and as `data` the very JSON body its webhook delivers (feed it to the same handler).

    Resumable: send the last id you took as `Last-Event-ID` (an EventSource does so itself) or
    `?after=`, and every event after it comes, none skipped. At least once: the last event before a cut
    may come again with its same id. Without either, the stream starts after the newest event, and the
    `ready` event carries that event's id, so a client cut before its first event resumes from there.

    Comment lines (`: heartbeat`) come after 15 s without an event, so proxies keep the connection. TEST
    credentials only: LIVE events reach only the app's webhook endpoints. At most five streams per app
    are open on one server at a time.

    Needs the `reporting` scope.

    Args:
        type_ (str | Unset):
        after (str | Unset):
        last_event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | StreamEventsResponse200
    """

    return (
        await asyncio_detailed(
            client=client,
            type_=type_,
            after=after,
            last_event_id=last_event_id,
        )
    ).parsed
