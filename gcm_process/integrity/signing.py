"""The node's Ed25519 key and the detached signatures of exports.

The key is ``node-key.pem`` in the data directory (PKCS #8, readable by its
owner only), made on first use. A signature file (``FILE.sig``, JSON) signs
the SHA-256 digest and the size of the export, so a file of any size is
signed and checked in one streaming pass::

    {"format": "gcm-process-signature", "version": 1, "algorithm": "Ed25519",
     "file": "record.ndjson.gz", "sha256": "…", "bytes": 123,
     "signature": "<base64>", "public_key": "<PEM>"}
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from gcm_process.domain.errors import InvalidInput

KEY_FILE = "node-key.pem"
SIGNATURE_FORMAT = "gcm-process-signature"
_CHUNK = 1 << 20


def node_key(data_dir: Path) -> Ed25519PrivateKey:
    """The node's private key, made (once, even with several processes at once) on first use."""
    path = data_dir / KEY_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        temporary = data_dir / f".{KEY_FILE}.{os.getpid()}"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(pem)
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(temporary, path)  # fails if another process made the key first
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise InvalidInput(f"{path} is not an Ed25519 private key.")
    return key


def public_pem(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def key_fingerprint(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """A short name for a public key: SHA-256 of its raw bytes, first 16 hex digits."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def load_public_key(pem: bytes) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(pem)
    except ValueError:
        raise InvalidInput("The key is not a PEM public key.") from None
    if not isinstance(key, Ed25519PublicKey):
        raise InvalidInput("The key is not an Ed25519 public key.")
    return key


def file_digest(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as source:
        while chunk := source.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _message(sha256: str, size: int) -> bytes:
    return f"{SIGNATURE_FORMAT} v1\n{sha256}\n{size}\n".encode()


def signature_path(path: Path) -> Path:
    return path.with_name(path.name + ".sig")


def sign_file(path: Path, key: Ed25519PrivateKey) -> Path:
    """Write ``path``'s detached signature beside it; its path."""
    sha256, size = file_digest(path)
    document = {
        "format": SIGNATURE_FORMAT,
        "version": 1,
        "algorithm": "Ed25519",
        "file": path.name,
        "sha256": sha256,
        "bytes": size,
        "signature": base64.b64encode(key.sign(_message(sha256, size))).decode(),
        "public_key": public_pem(key),
    }
    target = signature_path(path)
    target.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return target


@dataclass(frozen=True)
class Signed:
    sha256: str
    size: int
    key: Ed25519PublicKey


def check_signature(path: Path, key: Ed25519PublicKey | None) -> Signed:
    """Check ``path`` against its signature file, by ``key`` or the key the file names."""
    sig_path = signature_path(path)
    try:
        document = json.loads(sig_path.read_text(encoding="utf-8"))
        sha256, size = str(document["sha256"]), int(document["bytes"])
        signature = base64.b64decode(document["signature"], validate=True)
        named = load_public_key(str(document["public_key"]).encode())
        if document.get("format") != SIGNATURE_FORMAT or document.get("version") != 1:
            raise ValueError("format")
    except FileNotFoundError:
        raise InvalidInput(f"{path} has no signature file {sig_path.name} beside it.") from None
    except (ValueError, KeyError, TypeError):
        raise InvalidInput(f"{sig_path} is not a signature this program wrote.") from None
    signer = key or named
    try:
        signer.verify(signature, _message(sha256, size))
    except InvalidSignature:
        raise InvalidInput(
            f"The signature in {sig_path.name} was not made by the key given "
            f"({key_fingerprint(signer)}): do not trust {path.name}."
        ) from None
    actual_sha, actual_size = file_digest(path)
    if (actual_sha, actual_size) != (sha256, size):
        raise InvalidInput(
            f"{path.name} is not the file that was signed ({actual_size} bytes, signed "
            f"{size}): it was changed, corrupted or cut short."
        )
    return Signed(sha256, size, signer)
