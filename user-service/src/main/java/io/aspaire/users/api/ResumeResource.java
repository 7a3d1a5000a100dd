package io.aspaire.users.api;

import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.aspaire.platform.input.Ids;
import io.aspaire.platform.input.PageRequest;
import io.aspaire.platform.security.CurrentUser;
import io.aspaire.users.domain.NewResume;
import io.aspaire.users.domain.Page;
import io.aspaire.users.domain.Resume;
import io.aspaire.users.domain.ResumeUpdate;
import io.aspaire.users.service.ResumeService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/**
 * The caller's resumes. {@code POST /resumes} takes either a multipart upload (part {@code file}: PDF, DOCX, plain
 * text or Markdown, at most 5 MB; optional part {@code title}) or JSON {@code {"title","text"}} (paste).
 */
@Path("/resumes")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ResumeResource {

    private final ResumeService resumes;
    private final CurrentUser currentUser;

    public ResumeResource(ResumeService resumes, CurrentUser currentUser) {
        this.resumes = resumes;
        this.currentUser = currentUser;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<RestResponse<Resume>> upload(@RestForm("file") FileUpload file, @RestForm("title") String title) {
        return resumes.upload(file == null ? null : file.uploadedFile(), file == null ? null : file.fileName(),
                file == null ? 0 : file.size(), title).map(ResumeResource::created);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Resume>> paste(@Valid NewResume input) {
        return resumes.paste(currentUser.id(), input).map(ResumeResource::created);
    }

    /** Newest first; items carry {@code textLength} but not the text (GET one resume for it). */
    @GET
    public Uni<Page<Resume>> list(@QueryParam("page") @DefaultValue("0") Integer page,
            @QueryParam("size") @DefaultValue("20") Integer size) {
        PageRequest request = PageRequest.of(page, size, 20, ResumeService.MAX_PAGE_SIZE);
        return resumes.list(currentUser.id(), request.page(), request.size())
                .map(p -> new Page<>(ResumeService.withoutText(p.items()), p.page(), p.size(), p.total()));
    }

    @GET
    @Path("/{id}")
    public Uni<Resume> get(@PathParam("id") String id) {
        return resumes.get(Ids.required("id", id));
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Resume> update(@PathParam("id") String id, @Valid ResumeUpdate update) {
        return resumes.update(Ids.required("id", id), update);
    }

    @POST
    @Path("/{id}/default")
    public Uni<Resume> makeDefault(@PathParam("id") String id) {
        return resumes.makeDefault(Ids.required("id", id));
    }

    @DELETE
    @Path("/{id}")
    public Uni<RestResponse<Void>> delete(@PathParam("id") String id) {
        return resumes.delete(Ids.required("id", id)).map(x -> RestResponse.noContent());
    }

    private static RestResponse<Resume> created(Resume resume) {
        return RestResponse.status(RestResponse.Status.CREATED, resume);
    }
}
