package org.interviewpanel.app;

import java.lang.reflect.Method;
import java.util.Arrays;

import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;

import org.interviewpanel.kernel.Problem;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * People get pages, programs get problem+json. An error on a console page (a page's endpoint refused or failed, or a
 * path that matches nothing and was asked for as HTML) is answered with an HTML page in the console's layout, with
 * the same status; the API keeps its problem+json. The choice follows the endpoint the request resolved to.
 */
public class ErrorPages {

    @CheckedTemplate(basePath = "ErrorPages")
    static class Templates {
        static native TemplateInstance page(int status, String title, String message, boolean anonymous);
    }

    @ServerResponseFilter
    public void render(ContainerRequestContext request, ContainerResponseContext response, SimpleResourceInfo resource) {
        if (response.getStatus() < 400 || !(response.getEntity() instanceof Problem problem) || !isPage(request, resource)) {
            return;
        }
        boolean signedIn = request.getSecurityContext() != null && request.getSecurityContext().getUserPrincipal() != null
                && !request.getSecurityContext().getUserPrincipal().getName().isEmpty();
        response.setEntity(Templates.page(problem.status(), heading(problem.status()), message(problem), !signedIn), null,
                MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
    }

    /** A page: the endpoint produces HTML; with no endpoint, a browser asking for HTML outside the API. */
    static boolean isPage(ContainerRequestContext request, SimpleResourceInfo resource) {
        if (resource != null && resource.getResourceClass() != null) {
            return producesHtml(resource);
        }
        String path = request.getUriInfo().getPath();
        boolean machinePath = path.startsWith("/api/") || path.equals("/api") || path.startsWith("/ws/")
                || path.startsWith("/q/") || path.startsWith("/events/schemas/");
        return !machinePath && request.getAcceptableMediaTypes().stream()
                .anyMatch(t -> t.isCompatible(MediaType.TEXT_HTML_TYPE) && !t.isWildcardType());
    }

    private static boolean producesHtml(SimpleResourceInfo resource) {
        for (Method m : resource.getResourceClass().getMethods()) {
            if (m.getName().equals(resource.getMethodName())
                    && Arrays.equals(m.getParameterTypes(), resource.parameterTypes())) {
                Produces produces = m.getAnnotation(Produces.class) != null ? m.getAnnotation(Produces.class)
                        : resource.getResourceClass().getAnnotation(Produces.class);
                return produces != null && Arrays.stream(produces.value()).anyMatch(v -> v.startsWith("text/html"));
            }
        }
        return false;
    }

    static String heading(int status) {
        return switch (status) {
            case 401 -> "Please sign in";
            case 403 -> "This page is not open to you";
            case 404 -> "There is nothing here";
            case 409 -> "That cannot be done now";
            case 429 -> "Too many requests";
            default -> status >= 500 ? "Something went wrong on our side" : "That request did not work";
        };
    }

    static String message(Problem problem) {
        return switch (problem.status()) {
            case 404 -> "The page or the session you are looking for does not exist, or it is not one you take part in.";
            case 403 -> problem.detail() == null || problem.detail().startsWith("Your roles")
                    ? "Your role does not give you access to this page. If you think it should, ask an admin."
                    : problem.detail() + ".";
            case 500 -> "It has been logged. Try again in a moment; if it keeps happening, tell your admin.";
            default -> problem.detail();
        };
    }
}
