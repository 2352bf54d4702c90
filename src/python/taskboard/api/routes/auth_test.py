"""HTTP tests of /auth: sign-up, sign-in, refresh rotation and reuse, CSRF, rate limit."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from taskboard.api.cookies import ACCESS_COOKIE, CSRF_COOKIE, REFRESH_COOKIE
from taskboard.testing.app import PASSWORD, MakeUser, login, register

AUTH = "/api/v1/auth"


async def test_register_returns_the_user_without_secrets(client: httpx.AsyncClient) -> None:
    response = await client.post(
        f"{AUTH}/register",
        json={"email": "Ada@Example.com ", "password": PASSWORD, "display_name": " Ada "},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["email"] == "ada@example.com"
    assert body["display_name"] == "Ada"
    assert set(body) == {"id", "email", "display_name", "created_at"}


async def test_duplicate_email_is_409_whatever_the_case(client: httpx.AsyncClient) -> None:
    await register(client, "bob@example.com")
    response = await client.post(
        f"{AUTH}/register",
        json={"email": "BOB@example.com", "password": PASSWORD, "display_name": "Bob"},
    )
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "email_taken"


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short", "at least 10"),
        ("aaaaaaaaaaaa", "distinct"),
        ("password123", "commonly used"),
        ("carol-secret-1", "email"),
    ],
)
async def test_weak_password_is_422_with_the_field(
    client: httpx.AsyncClient, password: str, reason: str
) -> None:
    response = await client.post(
        f"{AUTH}/register",
        json={"email": "carol@example.com", "password": password, "display_name": "Carol"},
    )
    assert response.status_code == 422
    problem = response.json()
    assert [error["field"] for error in problem["errors"]] == ["body.password"]
    assert reason in problem["errors"][0]["message"]


async def test_login_sets_cookies_and_returns_a_bearer_token(client: httpx.AsyncClient) -> None:
    await register(client, "dan@example.com")
    response = await client.post(
        f"{AUTH}/login", json={"email": "dan@example.com", "password": PASSWORD}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 900
    set_cookies = response.headers.get_list("set-cookie")
    by_name = {header.split("=", 1)[0]: header.lower() for header in set_cookies}
    assert set(by_name) == {ACCESS_COOKIE, REFRESH_COOKIE, CSRF_COOKIE}
    assert "httponly" in by_name[ACCESS_COOKIE]
    assert "samesite=lax" in by_name[ACCESS_COOKIE]
    assert "httponly" in by_name[REFRESH_COOKIE]
    assert "path=/api/v1/auth" in by_name[REFRESH_COOKIE]
    assert "samesite=strict" in by_name[REFRESH_COOKIE]
    assert "httponly" not in by_name[CSRF_COOKIE]
    assert "secure" not in by_name[ACCESS_COOKIE]  # cookie_secure=False in tests

    me = await client.get(f"{AUTH}/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200
    assert me.json()["email"] == "dan@example.com"


async def test_wrong_password_and_unknown_email_look_the_same(client: httpx.AsyncClient) -> None:
    await register(client, "erin@example.com")
    wrong = await client.post(
        f"{AUTH}/login", json={"email": "erin@example.com", "password": "not the password"}
    )
    unknown = await client.post(
        f"{AUTH}/login", json={"email": "nobody@example.com", "password": "not the password"}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["detail"] == unknown.json()["detail"]
    assert wrong.headers["www-authenticate"] == "Bearer"
    # An address sign-up would refuse (a special-use domain) is just no account either.
    reserved = await client.post(
        f"{AUTH}/login", json={"email": "erin@mail.test", "password": "not the password"}
    )
    assert reserved.status_code == 401


async def test_me_requires_authentication(client: httpx.AsyncClient) -> None:
    assert (await client.get(f"{AUTH}/me")).status_code == 401
    garbage = await client.get(f"{AUTH}/me", headers={"Authorization": "Bearer not-a-jwt"})
    assert garbage.status_code == 401
    basic = await client.get(f"{AUTH}/me", headers={"Authorization": "Basic dTpw"})
    assert basic.status_code == 401


async def test_cookie_authentication_works_for_reads(client: httpx.AsyncClient) -> None:
    await register(client, "fay@example.com")
    await login(client, "fay@example.com")
    assert (await client.get(f"{AUTH}/me")).status_code == 200


async def test_cookie_authenticated_write_needs_the_csrf_header(client: httpx.AsyncClient) -> None:
    await register(client, "gus@example.com")
    tokens = await login(client, "gus@example.com")

    blocked = await client.post("/api/v1/boards", json={"name": "x"})
    assert blocked.status_code == 403
    assert blocked.json()["code"] == "csrf_failed"

    forged = await client.post(
        "/api/v1/boards", json={"name": "x"}, headers={"X-CSRF-Token": "forged.value"}
    )
    assert forged.status_code == 403

    allowed = await client.post(
        "/api/v1/boards", json={"name": "x"}, headers={"X-CSRF-Token": tokens["csrf_token"]}
    )
    assert allowed.status_code == 201


async def test_csrf_token_of_another_session_is_rejected(app: FastAPI) -> None:
    transport = httpx.ASGITransport(app=app)
    async with (
        httpx.AsyncClient(transport=transport, base_url="http://t") as first,
        httpx.AsyncClient(transport=transport, base_url="http://t") as second,
    ):
        await register(first, "hal@example.com")
        first_tokens = await login(first, "hal@example.com")
        await login(second, "hal@example.com")
        # Plant the first session's token as both cookie and header on the second session.
        second.cookies.set(CSRF_COOKIE, first_tokens["csrf_token"])
        response = await second.post(
            "/api/v1/boards",
            json={"name": "x"},
            headers={"X-CSRF-Token": first_tokens["csrf_token"]},
        )
        assert response.status_code == 403


async def test_bearer_requests_need_no_csrf_token(make_user: MakeUser) -> None:
    user = await make_user()
    response = await user.client.post("/api/v1/boards", json={"name": "x"})
    assert response.status_code == 201


def csrf(client: httpx.AsyncClient) -> dict[str, str]:
    """What the web app's script does: echo the CSRF cookie in the header."""
    return {"X-CSRF-Token": client.cookies[CSRF_COOKIE]}


def set_refresh_cookie(client: httpx.AsyncClient, value: str) -> None:
    client.cookies.set(REFRESH_COOKIE, value, domain="testserver.local", path="/api/v1/auth")


async def test_refresh_rotates_and_reuse_revokes_the_family(client: httpx.AsyncClient) -> None:
    await register(client, "ivy@example.com")
    await login(client, "ivy@example.com")
    first_refresh = client.cookies[REFRESH_COOKIE]

    rotated = await client.post(f"{AUTH}/refresh", headers=csrf(client))
    assert rotated.status_code == 200
    second_refresh = client.cookies[REFRESH_COOKIE]
    assert second_refresh != first_refresh
    bearer = {"Authorization": f"Bearer {rotated.json()['access_token']}"}
    assert (await client.get(f"{AUTH}/me", headers=bearer)).status_code == 200

    # Replaying the first token: it was already exchanged, so the whole session dies...
    set_refresh_cookie(client, first_refresh)
    replay = await client.post(f"{AUTH}/refresh", headers=csrf(client))
    assert replay.status_code == 401
    # ...including the current refresh token and the access tokens issued with it.
    set_refresh_cookie(client, second_refresh)
    after = await client.post(f"{AUTH}/refresh", headers=csrf(client))
    assert after.status_code == 401
    assert (await client.get(f"{AUTH}/me", headers=bearer)).status_code == 401


async def test_refresh_needs_the_csrf_header_and_a_token(client: httpx.AsyncClient) -> None:
    assert (await client.post(f"{AUTH}/refresh")).status_code == 401
    await register(client, "jo@example.com")
    await login(client, "jo@example.com")
    assert (await client.post(f"{AUTH}/refresh")).status_code == 403
    set_refresh_cookie(client, "unknown-token")
    assert (await client.post(f"{AUTH}/refresh")).status_code == 401


async def test_logout_ends_the_session_and_clears_cookies(client: httpx.AsyncClient) -> None:
    await register(client, "kim@example.com")
    tokens = await login(client, "kim@example.com")
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}

    assert (await client.post(f"{AUTH}/logout")).status_code == 403  # cookie without CSRF
    response = await client.post(f"{AUTH}/logout", headers={"X-CSRF-Token": tokens["csrf_token"]})
    assert response.status_code == 204
    assert not client.cookies.get(ACCESS_COOKIE)
    assert not client.cookies.get(REFRESH_COOKIE)
    assert (await client.get(f"{AUTH}/me", headers=bearer)).status_code == 401
    # Signing out twice (or without a session) is harmless.
    assert (await client.post(f"{AUTH}/logout")).status_code == 204


async def test_login_is_rate_limited_per_client_and_email(client: httpx.AsyncClient) -> None:
    await register(client, "lee@example.com")
    bad = {"email": "lee@example.com", "password": "wrong password!"}
    statuses = [(await client.post(f"{AUTH}/login", json=bad)).status_code for _ in range(5)]
    assert statuses == [401] * 5
    limited = await client.post(f"{AUTH}/login", json={**bad, "password": PASSWORD})
    assert limited.status_code == 429
    assert 1 <= int(limited.headers["retry-after"]) <= 60
    assert limited.json()["code"] == "rate_limited"
    # Another email from the same client is not affected.
    await register(client, "max@example.com")
    await login(client, "max@example.com")


async def test_refresh_is_rate_limited_per_client(client: httpx.AsyncClient) -> None:
    await register(client, "rae@example.com")
    await login(client, "rae@example.com")
    # 6 a minute per address in tests; a valid token does not get past the budget.
    statuses = [
        (await client.post(f"{AUTH}/refresh", headers=csrf(client))).status_code for _ in range(7)
    ]
    assert statuses == [200] * 6 + [429]
    limited = await client.post(f"{AUTH}/refresh", headers=csrf(client))
    assert limited.json()["code"] == "rate_limited"
    assert 1 <= int(limited.headers["retry-after"]) <= 60


async def test_forged_client_addresses_still_hit_the_per_account_budget(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await register(client, "kim@example.com")
    bad = {"email": "kim@example.com", "password": "wrong password!"}

    async def attempt_from(address: str) -> int:
        transport = httpx.ASGITransport(app=app, client=(address, 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as other:
            return (await other.post(f"{AUTH}/login", json=bad)).status_code

    # A new address per attempt (as X-Forwarded-For forgery would give): 8 per email (tests).
    statuses = [await attempt_from(f"203.0.113.{i}") for i in range(9)]
    assert statuses == [401] * 8 + [429]
    # Another account is not affected.
    await register(client, "lou@example.com")
    await login(client, "lou@example.com")
