package hubtest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// JWTs (argilla-api §1.2): POST /token trades a username and password (form-encoded) for an HS256 JWT
// signed with ARGILLA_AUTH_SECRET_KEY, by default a secret drawn at each start, so a restart invalidates
// every token. The token carries the user's identity, name, username and role and expires after
// ARGILLA_AUTH_TOKEN_EXPIRATION seconds (default 86400); the server finds its user by username on
// every request (S:security/authentication/jwt.py, S:contexts/accounts.py generate_user_token).

// jwtSecret is the key tokens are signed with on this start.
func jwtSecret(sp *space) string {
	if k := envOf(sp)["ARGILLA_AUTH_SECRET_KEY"]; k != "" {
		return k
	}
	return sp.AppSecret
}

// tokenLifetime is ARGILLA_AUTH_TOKEN_EXPIRATION, default a day.
func tokenLifetime(sp *space) time.Duration {
	if n, err := strconv.Atoi(envOf(sp)["ARGILLA_AUTH_TOKEN_EXPIRATION"]); err == nil && n > 0 {
		return time.Duration(n) * time.Second
	}
	return 24 * time.Hour
}

// jwtClaims are the claims of a user token.
type jwtClaims struct {
	Identity string `json:"identity"`
	Name     string `json:"name"`
	Username string `json:"username"`
	Role     string `json:"role"`
	Exp      int64  `json:"exp"`
}

var b64 = base64.RawURLEncoding

func signJWT(secret string, c jwtClaims) string {
	head := b64.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
	body := b64.EncodeToString(rawJSON(c))
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(head + "." + body))
	return head + "." + body + "." + b64.EncodeToString(mac.Sum(nil))
}

// verifyJWT checks the signature, the algorithm and the expiry; ok is false for anything else.
func verifyJWT(secret, token string, now time.Time) (jwtClaims, bool) {
	var c jwtClaims
	parts := strings.Split(token, ".")
	if len(parts) != 3 || secret == "" {
		return c, false
	}
	var head struct{ Alg string }
	hb, err1 := b64.DecodeString(parts[0])
	sig, err2 := b64.DecodeString(parts[2])
	body, err3 := b64.DecodeString(parts[1])
	if err1 != nil || err2 != nil || err3 != nil || json.Unmarshal(hb, &head) != nil || head.Alg != "HS256" {
		return c, false
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(parts[0] + "." + parts[1]))
	if !hmac.Equal(sig, mac.Sum(nil)) || json.Unmarshal(body, &c) != nil || now.Unix() >= c.Exp {
		return c, false
	}
	return c, true
}

// createToken is POST /token (form username, password): 422(A) without them, 401 on wrong credentials,
// 201 {"access_token", "token_type": "bearer"}.
func (a *appCall) createToken() {
	form, _ := url.ParseQuery(string(a.body))
	for _, k := range []string{"username", "password"} {
		if !form.Has(k) {
			a.fail([]any{"body", k}, "missing", "Field required")
		}
	}
	if !a.valid() {
		return
	}
	u := a.data.user(form.Get("username"))
	if u == nil || u.PasswordHash != hashPassword(form.Get("password")) {
		a.unauthorized("Could not validate credentials")
		return
	}
	token := signJWT(jwtSecret(a.sp), jwtClaims{Identity: u.ID, Name: u.FirstName, Username: u.Username, Role: u.Role,
		Exp: a.now.Add(tokenLifetime(a.sp)).Unix()})
	a.reply(http.StatusCreated, map[string]string{"access_token": token, "token_type": "bearer"})
}

// bearerUser authenticates Authorization: Bearer <jwt>: an invalid or expired token is "Invalid token",
// a valid one whose username no longer exists "Could not validate credentials" (both 401).
func (a *appCall) bearerUser(token string) *appUser {
	c, ok := verifyJWT(jwtSecret(a.sp), token, a.now)
	if !ok {
		a.unauthorized("Invalid token")
		return nil
	}
	u := a.data.user(c.Username)
	if u == nil {
		a.unauthorized("Could not validate credentials")
	}
	return u
}
