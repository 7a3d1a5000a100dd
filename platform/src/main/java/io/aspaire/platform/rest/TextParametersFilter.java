package io.aspaire.platform.rest;

import java.util.Deque;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.core.multipart.FormData;
import org.jboss.resteasy.reactive.server.multipart.FormValue;

import io.aspaire.platform.errors.BadRequestException;
import io.aspaire.platform.input.TextRule;

/**
 * {@link TextRule} for the text of a REST request that is not JSON: query and path parameters (decoded), and the
 * text parts and file names of form and multipart bodies. Runs after the body is read, before the resource method;
 * a violation is a 400 naming the parameter or part ({@code title must not contain control characters}).
 */
public class TextParametersFilter {

    @ServerRequestFilter(readBody = true)
    public void check(UriInfo uri) {
        checkAll("", uri.getQueryParameters());
        checkAll("", uri.getPathParameters());
        ResteasyReactiveRequestContext context = CurrentRequestManager.get();
        FormData form = context == null ? null : context.getFormData();
        if (form != null) {
            for (String name : form) {
                Deque<FormValue> values = form.get(name);
                for (FormValue value : values) {
                    if (value.isFileItem()) {
                        if (TextRule.violates(value.getFileName())) {
                            throw new BadRequestException(TextRule.message(name + ".filename"));
                        }
                    } else {
                        TextRule.check(name, value.getValue());
                    }
                }
            }
        }
    }

    private static void checkAll(String prefix, Map<String, List<String>> parameters) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            TextRule.check(prefix + parameter.getKey(), parameter.getKey());
            for (String value : parameter.getValue()) {
                TextRule.check(prefix + parameter.getKey(), value);
            }
        }
    }
}
