"""Login: OAuth2's password flow, answered with a signed JWT.

`POST /token` takes a form (`username`, `password`), checks the password against its Argon2
hash (pwdlib) and answers `{"access_token": <JWT>, "token_type": "bearer"}`. Every other
route asks for `current_user`, which reads `Authorization: Bearer <JWT>`, checks the
signature and the expiry (PyJWT) and loads the user; anything wrong is a 401 with
`WWW-Authenticate: Bearer`, as RFC 6750 asks.

The signing key is `TODO_SECRET_KEY`; without it a random key is made at startup, so tokens
stop working when the server restarts (fine for a demo; set the variable in production, the
same value in every worker).
"""

import os
import secrets
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import jwt
from minifast import APIRouter, Depends, HTTPException, status
from minifast.security import OAuth2PasswordBearer, OAuth2PasswordRequestForm
from minipydantic import BaseModel
from pwdlib import PasswordHash

from todo.db import Database, get_db

SECRET_KEY = os.environ.get("TODO_SECRET_KEY") or secrets.token_hex(32)
ALGORITHM = "HS256"
TOKEN_LIFETIME = timedelta(minutes=30)

passwords = PasswordHash.recommended()
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")
router = APIRouter(tags=["auth"])


class Token(BaseModel):
    access_token: str
    token_type: str


class User(BaseModel):
    username: str
    full_name: str


def issue_token(username: str) -> str:
    expires = datetime.now(UTC) + TOKEN_LIFETIME
    return jwt.encode({"sub": username, "exp": expires}, SECRET_KEY, algorithm=ALGORITHM)


def current_user(
    token: Annotated[str, Depends(oauth2_scheme)], db: Annotated[Database, Depends(get_db)]
) -> User:
    refused = HTTPException(
        status_code=status.HTTP_401_UNAUTHORIZED,
        detail="Could not validate credentials",
        headers={"WWW-Authenticate": "Bearer"},
    )
    try:
        claims: dict[str, Any] = jwt.decode(token, SECRET_KEY, algorithms=[ALGORITHM])
    except jwt.InvalidTokenError:
        raise refused from None
    user = db.user(str(claims.get("sub", "")))
    if user is None:
        raise refused
    return User(username=user["username"], full_name=user["full_name"])


@router.post("/token", responses={401: {"description": "Incorrect username or password"}})
def login(
    form: Annotated[OAuth2PasswordRequestForm, Depends()], db: Annotated[Database, Depends(get_db)]
) -> Token:
    """Trade a username and password for a bearer token (30 minutes)."""
    user = db.user(form.username)
    if user is None or not passwords.verify(form.password, user["password_hash"]):
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail="Incorrect username or password",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return Token(access_token=issue_token(user["username"]), token_type="bearer")


@router.get("/users/me")
def read_me(user: Annotated[User, Depends(current_user)]) -> User:
    """The user the token belongs to."""
    return user
