package io.aspaire.users.api;

import java.io.IOException;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.aspaire.platform.errors.ErrorBody;

/**
 * A request body that cannot be read to its end: the multipart parser reports a body cut off before its closing
 * boundary (a truncated upload) as an IOException. That is the client's request, not a server fault: 400.
 */
public class UnreadableBodyMapper {

    private static final Logger LOG = Logger.getLogger(UnreadableBodyMapper.class);

    @ServerExceptionMapper
    public Response unreadableBody(IOException e) {
        LOG.debugf("unreadable request body: %s", e.getMessage());
        return Response.status(400).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of("BAD_REQUEST", "the request body is incomplete or malformed (a multipart body "
                        + "must end with its closing boundary): send the whole file again"))
                .build();
    }
}
