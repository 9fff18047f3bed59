from http import HTTPStatus
from io import BytesIO
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_envelope import ErrorEnvelope
from ...models.get_report_run_file_format import GetReportRunFileFormat
from ...types import UNSET, File, Response, Unset


def _get_kwargs(
    id: str,
    *,
    format_: GetReportRunFileFormat | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_.value

    params["format"] = json_format_

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/reports/runs/{id}/file".format(
            id=quote(str(id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorEnvelope | File | None:
    if response.status_code == 200:
        response_200 = File(payload=BytesIO(response.text))

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
) -> Response[ErrorEnvelope | File]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    format_: GetReportRunFileFormat | Unset = UNSET,
) -> Response[ErrorEnvelope | File]:
    """Download a run's file: CSV (UTF-8 with a BOM, for spreadsheets) or XLSX

     The same rows in either format, whichever the run was asked for: `format` chooses. The CSV is the
    same bytes on every download (its SHA-256 is the run's `sha256`); in the XLSX, ids, counts and
    `*_minor` amounts are numbers and the rest is text. Nothing caches it (`Cache-Control: private, no-
    store`).

    Needs the `reporting` scope.

    Args:
        id (str):
        format_ (GetReportRunFileFormat | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | File]
    """

    kwargs = _get_kwargs(
        id=id,
        format_=format_,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient,
    format_: GetReportRunFileFormat | Unset = UNSET,
) -> ErrorEnvelope | File | None:
    """Download a run's file: CSV (UTF-8 with a BOM, for spreadsheets) or XLSX

     The same rows in either format, whichever the run was asked for: `format` chooses. The CSV is the
    same bytes on every download (its SHA-256 is the run's `sha256`); in the XLSX, ids, counts and
    `*_minor` amounts are numbers and the rest is text. Nothing caches it (`Cache-Control: private, no-
    store`).

    Needs the `reporting` scope.

    Args:
        id (str):
        format_ (GetReportRunFileFormat | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | File
    """

    return sync_detailed(
        id=id,
        client=client,
        format_=format_,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    format_: GetReportRunFileFormat | Unset = UNSET,
) -> Response[ErrorEnvelope | File]:
    """Download a run's file: CSV (UTF-8 with a BOM, for spreadsheets) or XLSX

     The same rows in either format, whichever the run was asked for: `format` chooses. The CSV is the
    same bytes on every download (its SHA-256 is the run's `sha256`); in the XLSX, ids, counts and
    `*_minor` amounts are numbers and the rest is text. Nothing caches it (`Cache-Control: private, no-
    store`).

    Needs the `reporting` scope.

    Args:
        id (str):
        format_ (GetReportRunFileFormat | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | File]
    """

    kwargs = _get_kwargs(
        id=id,
        format_=format_,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient,
    format_: GetReportRunFileFormat | Unset = UNSET,
) -> ErrorEnvelope | File | None:
    """Download a run's file: CSV (UTF-8 with a BOM, for spreadsheets) or XLSX

     The same rows in either format, whichever the run was asked for: `format` chooses. The CSV is the
    same bytes on every download (its SHA-256 is the run's `sha256`); in the XLSX, ids, counts and
    `*_minor` amounts are numbers and the rest is text. Nothing caches it (`Cache-Control: private, no-
    store`).

    Needs the `reporting` scope.

    Args:
        id (str):
        format_ (GetReportRunFileFormat | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | File
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            format_=format_,
        )
    ).parsed
