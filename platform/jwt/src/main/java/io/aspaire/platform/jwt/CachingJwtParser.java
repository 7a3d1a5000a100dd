package io.aspaire.platform.jwt;

import java.security.PublicKey;

import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Puts {@link VerifiedTokens} in front of smallrye-jwt's {@code JWTParser} bean, the one piece every verifier of
 * the suite goes through: Quarkus's bearer-token identity provider in each service ({@code parse(token)}, the
 * configured key or JWKS), the gateway's JwtGuard ({@code verify(token, key)} with the key its published set names)
 * and the chat WebSocket's token check. The other methods (other contexts, secret keys, decryption) are not cached.
 */
@Decorator
@Priority(10)
public abstract class CachingJwtParser implements JWTParser {

    @Inject
    @Delegate
    JWTParser parser;

    @Inject
    VerifiedTokens verifiedTokens;

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        return verifiedTokens.verified(token, null, () -> parser.parse(token));
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return verifiedTokens.verified(token, key, () -> parser.verify(token, key));
    }
}
