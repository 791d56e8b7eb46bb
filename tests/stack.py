"""Pytest plugin: a real PostgreSQL and Kafka for integration tests.

Registered from the root conftest (``pytest_plugins = ["tests.stack"]``) or with ``-p tests.stack``.

Fixtures
--------
``stack_env`` (session)
    ``{"DATABASE_URL": ..., "KAFKA_BOOTSTRAP_SERVERS": ...}``, found in this order:

    a. both variables already set in the environment (``make test`` sources ``var/stack/env``);
    b. a Docker engine answers (and ``PST_USE_TESTCONTAINERS`` is not ``0``): testcontainers'
       PostgreSQL and Kafka; machines without a Docker engine (CI here) go on to c/d;
    c. a stack started by ``make stack-up`` (``$PST_STACK_DIR/env``, default ``var/stack/env``)
       that answers;
    d. otherwise ``deploy/local/stack.sh up`` into a temporary state dir, stopped at session end.

    When no stack can be had the fixture fails under ``CI=true`` and skips elsewhere.
``postgres_url`` (session)
    URL of a fresh database ``pst_test_<hex>`` on that server, dropped at session end.
``kafka_bootstrap`` (session)
    The bootstrap servers string, once a Kafka admin client got an answer from the broker.
``topic_prefix`` (function)
    A unique ``t<8 hex>.`` prefix, so concurrently running tests never share topics.
``kafka_client`` (function, parametrized)
    ``"confluent"`` and ``"kafka-python"``: every test that talks to Kafka through the
    platform's settings (``kafka_settings``, distributed hubs) runs once per adapter.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit, urlunsplit

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
STACK_SH = REPO_ROOT / "deploy" / "local" / "stack.sh"
KEYS = ("DATABASE_URL", "KAFKA_BOOTSTRAP_SERVERS")
STACK_UP_TIMEOUT = float(os.environ.get("PST_STACK_UP_TIMEOUT", "900"))


class StackUnavailable(Exception):
    """No PostgreSQL/Kafka could be found or started."""


def _in_ci() -> bool:
    return os.environ.get("CI") == "true"


def _unavailable(reason: str) -> NoReturn:
    """CI must never silently skip integration tests: fail there, skip elsewhere."""
    if _in_ci():
        pytest.fail(f"test stack unavailable (CI=true, so this fails): {reason}", pytrace=False)
    pytest.skip(f"test stack unavailable: {reason}")


# --------------------------------------------------------------------------------------------
# probes
# --------------------------------------------------------------------------------------------
def _libpq_url(url: str) -> str:
    """``postgresql+psycopg://`` (SQLAlchemy style) -> ``postgresql://`` for psycopg/libpq."""
    parts = urlsplit(url)
    scheme = parts.scheme.split("+", 1)[0]
    if scheme == "postgres":
        scheme = "postgresql"
    return urlunsplit(parts._replace(scheme=scheme))


def _with_database(url: str, database: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/" + database))


def check_postgres(url: str, timeout: int = 5) -> str | None:
    """None when PostgreSQL answers ``select 1``, else the reason."""
    try:
        import psycopg
    except ImportError as exc:  # pragma: no cover - dependency of the project
        return f"psycopg not importable: {exc}"
    try:
        with psycopg.connect(_libpq_url(url), connect_timeout=timeout, autocommit=True) as conn:
            conn.execute("select 1").fetchone()
    except Exception as exc:  # any failure means "not usable"
        return f"PostgreSQL at {url} does not answer: {exc}".strip()
    return None


def check_kafka(bootstrap: str, timeout_ms: int = 10_000) -> str | None:
    """None when a Kafka admin client gets cluster metadata from ``bootstrap``, else the reason."""
    try:
        from kafka import KafkaAdminClient
    except ImportError as exc:  # pragma: no cover - dependency of the project
        return f"kafka-python not importable: {exc}"
    admin = None
    try:
        admin = KafkaAdminClient(
            bootstrap_servers=bootstrap,
            client_id="pst-test-stack-probe",
            request_timeout_ms=timeout_ms,
            bootstrap_timeout_ms=timeout_ms,
        )
        admin.list_topics()
    except Exception as exc:
        return f"Kafka at {bootstrap} does not answer: {type(exc).__name__}: {exc}"
    finally:
        if admin is not None:
            with contextlib.suppress(Exception):
                admin.close()
    return None


def check_stack(env: dict[str, str]) -> str | None:
    return check_postgres(env["DATABASE_URL"]) or check_kafka(env["KAFKA_BOOTSTRAP_SERVERS"])


def read_env_file(path: Path) -> dict[str, str]:
    env: dict[str, str] = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        env[key.strip().removeprefix("export ").strip()] = value.strip().strip("'\"")
    return env


# --------------------------------------------------------------------------------------------
# sources
# --------------------------------------------------------------------------------------------
def _from_environment() -> dict[str, str] | None:
    if all(os.environ.get(k) for k in KEYS):
        return {k: os.environ[k] for k in KEYS}
    return None


def _from_running_stack() -> tuple[dict[str, str] | None, str | None]:
    state = Path(os.environ.get("PST_STACK_DIR") or REPO_ROOT / "var" / "stack")
    env_file = state / "env"
    if not env_file.is_file():
        return None, None
    env = read_env_file(env_file)
    if not all(env.get(k) for k in KEYS):
        return None, f"{env_file} lacks {KEYS}"
    problem = check_stack(env)
    if problem:
        return None, f"{env_file} is stale: {problem}"
    return {k: env[k] for k in KEYS}, None


def _docker_answers() -> bool:
    try:
        import docker  # installed with testcontainers
    except ImportError:
        return False
    try:
        client = docker.from_env(timeout=5)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:
        return False


def _from_testcontainers() -> tuple[dict[str, str], Callable[[], None]] | None:
    if os.environ.get("PST_USE_TESTCONTAINERS") == "0" or not _docker_answers():
        return None
    from testcontainers.kafka import KafkaContainer
    from testcontainers.postgres import PostgresContainer

    pg = PostgresContainer(
        "postgres:16-alpine", username="postgres", dbname="postgres", driver=None
    )
    kafka = KafkaContainer().with_kraft()
    pg.start()
    try:
        kafka.start()
    except Exception:
        pg.stop()
        raise

    def stop() -> None:
        for container in (kafka, pg):
            with contextlib.suppress(Exception):
                container.stop()

    env = {
        "DATABASE_URL": _libpq_url(pg.get_connection_url()),
        "KAFKA_BOOTSTRAP_SERVERS": kafka.get_bootstrap_server(),
    }
    return env, stop


def _tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def start_local_stack() -> tuple[dict[str, str], Callable[[], None]]:
    """``stack.sh up`` into a fresh temporary state dir; returns (env, stop)."""
    if not STACK_SH.is_file():
        raise StackUnavailable(f"{STACK_SH} is missing")
    state = Path(tempfile.mkdtemp(prefix="pst-stack-"))
    state.chmod(0o755)  # the OS user running postgres must be able to enter it
    env = {**os.environ, "PST_STACK_DIR": str(state)}

    def stop() -> None:
        subprocess.run(
            ["bash", str(STACK_SH), "down"],
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    started = time.monotonic()
    try:
        proc = subprocess.run(
            ["bash", str(STACK_SH), "up"],
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=STACK_UP_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        stop()
        err = exc.stderr.decode() if isinstance(exc.stderr, bytes) else (exc.stderr or "")
        raise StackUnavailable(
            f"`stack.sh up` did not finish within {STACK_UP_TIMEOUT:.0f}s:\n{_tail(err)}"
        ) from exc
    if proc.returncode != 0:
        stop()
        raise StackUnavailable(
            f"`stack.sh up` failed with exit code {proc.returncode}:\n{_tail(proc.stderr)}"
        )
    values = read_env_file(state / "env") if (state / "env").is_file() else {}
    if not all(values.get(k) for k in KEYS):
        stop()
        raise StackUnavailable(
            f"`stack.sh up` wrote no usable {state / 'env'}:\n{_tail(proc.stderr)}"
        )
    problem = check_stack(values)
    if problem:
        stop()
        raise StackUnavailable(f"stack started by stack.sh does not answer: {problem}")
    print(f"\n[stack] started a local stack in {state} in {time.monotonic() - started:.1f}s")
    return {k: values[k] for k in KEYS}, stop


# --------------------------------------------------------------------------------------------
# fixtures
# --------------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def stack_env() -> Iterator[dict[str, str]]:
    env = _from_environment()
    if env is not None:
        problem = check_stack(env)
        if problem:
            _unavailable(f"DATABASE_URL/KAFKA_BOOTSTRAP_SERVERS are set but unusable: {problem}")
        yield env
        return

    try:
        containers = _from_testcontainers()
    except Exception as exc:
        _unavailable(f"testcontainers failed: {type(exc).__name__}: {exc}")
    if containers is not None:
        env, stop = containers
        try:
            yield env
        finally:
            stop()
        return

    env, stale = _from_running_stack()
    if env is not None:
        yield env
        return

    try:
        env, stop = start_local_stack()
    except StackUnavailable as exc:
        reason = str(exc) if not stale else f"{exc}\n(also: {stale})"
        _unavailable(reason)
    except Exception as exc:
        _unavailable(f"starting the local stack failed: {type(exc).__name__}: {exc}")
    try:
        yield env
    finally:
        stop()


@pytest.fixture(scope="session")
def postgres_url(stack_env: dict[str, str]) -> Iterator[str]:
    import psycopg
    from psycopg import sql

    admin_url = _libpq_url(stack_env["DATABASE_URL"])
    name = f"pst_test_{secrets.token_hex(6)}"
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError as exc:
        _unavailable(f"cannot create test database on {admin_url}: {exc}")
    try:
        yield _with_database(admin_url, name)
    finally:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@pytest.fixture(scope="session")
def kafka_bootstrap(stack_env: dict[str, str]) -> str:
    bootstrap = stack_env["KAFKA_BOOTSTRAP_SERVERS"]
    problem = check_kafka(bootstrap, timeout_ms=30_000)
    if problem:
        _unavailable(problem)
    return bootstrap


@pytest.fixture
def topic_prefix() -> str:
    return f"t{uuid.uuid4().hex[:8]}."


KAFKA_CLIENTS = ("confluent", "kafka-python")


@pytest.fixture(params=KAFKA_CLIENTS)
def kafka_client(request: pytest.FixtureRequest) -> Any:
    """The transport adapter under test (`PST_KAFKA_CLIENT`): each test runs on both."""
    return request.param


@pytest.fixture
def kafka_settings(kafka_bootstrap: str, topic_prefix: str, kafka_client: Any) -> Any:
    """The platform's Kafka settings for this test's broker, topics and client."""
    from infra.settings import KafkaSettings

    return KafkaSettings(
        bootstrap_servers=kafka_bootstrap, topic_prefix=topic_prefix, client=kafka_client
    )


# --- a private stack, for tests that stop a server -------------------------------

PRIVATE_STACK = Path(__file__).resolve().parents[1] / "deploy/local/stack.sh"


def stack(command: str, state: Path) -> dict[str, str]:
    env = {**os.environ, "PST_STACK_DIR": str(state)}
    done = subprocess.run(
        ["bash", str(PRIVATE_STACK), command], env=env, capture_output=True, text=True, timeout=180
    )
    if done.returncode != 0:
        pytest.fail(f"stack.sh {command} failed:\n{done.stderr[-3000:]}")
    return dict(line.split("=", 1) for line in done.stdout.split() if "=" in line)


@pytest.fixture
def private_stack(tmp_path: Path) -> Iterator[tuple[Path, dict[str, str]]]:
    state = tmp_path / "stack"
    try:
        yield state, stack("up", state)
    finally:
        stack("down", state)
