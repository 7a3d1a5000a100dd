package io.aspaire.users.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;


import io.aspaire.users.config.ResumeConfig;
import io.aspaire.platform.input.Validation;
import io.aspaire.platform.errors.BadRequestException;
import io.aspaire.platform.input.PageRequest;
import io.aspaire.platform.errors.NotFoundException;
import io.aspaire.platform.errors.PayloadTooLargeException;
import io.aspaire.platform.events.Topics;
import io.aspaire.platform.outbox.Outbox;
import io.aspaire.platform.security.CurrentUser;
import io.aspaire.users.messaging.out.Events;
import io.aspaire.users.domain.NewResume;
import io.aspaire.users.domain.Page;
import io.aspaire.users.domain.Resume;
import io.aspaire.users.domain.ResumeEntity;
import io.aspaire.users.domain.ResumeSource;
import io.aspaire.users.domain.ResumeUpdate;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/**
 * Resumes: uploaded (text extracted from PDF / DOCX / text) or pasted. A user's first resume becomes the default;
 * exactly one can be the default. Every save emits ResumeSaved with the full text, every delete ResumeDeleted.
 * Writes of one user run one after the other ({@link UserWrites}).
 */
@ApplicationScoped
public class ResumeService {

    public static final int MAX_PAGE_SIZE = 100;
    public static final int MAX_TEXT_CHARS = 200_000;
    static final int MAX_FILE_NAME_CHARS = 255;

    private final Outbox outbox;
    private final CurrentUser currentUser;
    private final TextExtractor extractor;
    private final Validation validation;
    private final long maxUploadBytes;

    public ResumeService(Outbox outbox, CurrentUser currentUser, TextExtractor extractor, Validation validation,
            ResumeConfig config) {
        this.outbox = outbox;
        this.currentUser = currentUser;
        this.extractor = extractor;
        this.validation = validation;
        this.maxUploadBytes = config.maxUploadBytes();
    }

    public long maxUploadBytes() {
        return maxUploadBytes;
    }

    /** An uploaded file: its text is extracted (on the extraction pool, under a budget), then stored for the caller. */
    public Uni<Resume> upload(Path file, String fileName, long size, String title) {
        UUID me = currentUser.id();
        if (file == null) {
            throw new BadRequestException("file: a multipart part named 'file' is required");
        }
        if (size > maxUploadBytes) {
            throw tooLarge(size);
        }
        String name = fileName == null || fileName.isBlank() ? null : Path.of(fileName).getFileName().toString();
        if (name != null && name.length() > MAX_FILE_NAME_CHARS) { // the column is varchar(255)
            throw new BadRequestException("file.filename: must be at most " + MAX_FILE_NAME_CHARS + " characters");
        }
        String resumeTitle = title != null && !title.isBlank() ? title.strip()
                : name != null ? name.replaceFirst("\\.[^.]+$", "") : "Uploaded resume";
        if (resumeTitle.length() > 200) {
            throw new BadRequestException("title: must be at most 200 characters");
        }
        return extractor.extract(() -> read(file), name)
                .chain(extracted -> {
                    if (extracted.text().length() > MAX_TEXT_CHARS) {
                        return Uni.createFrom().failure(new PayloadTooLargeException(
                                "the extracted text is longer than " + MAX_TEXT_CHARS + " characters"));
                    }
                    ResumeEntity r = newResume(me, resumeTitle, ResumeSource.UPLOAD, extracted.text());
                    r.originalFileName = name;
                    r.mediaType = extracted.mediaType();
                    r.sizeBytes = size;
                    return save(r);
                });
    }

    /** Pasted text, for the caller ({@code userId} must be the caller). */
    public Uni<Resume> paste(UUID userId, NewResume input) {
        currentUser.requireSelf(userId);
        validation.check("resume", input);
        String text = TextExtractor.normalize(input.text());
        String title = input.title() == null || input.title().isBlank() ? "Pasted resume" : input.title().strip();
        return save(newResume(userId, title, ResumeSource.PASTE, text));
    }

    public Uni<Page<Resume>> list(UUID userId, int page, int size) {
        currentUser.requireSelf(userId);
        checkPage(page, size);
        return Panache.withSession(() -> ResumeEntity.<ResumeEntity> find("userId", Sort.descending("createdAt")
                .and("id"), userId).page(page, size).list()
                .chain(items -> ResumeEntity.count("userId", userId)
                        .map(total -> new Page<>(items.stream().map(Resume::of).toList(), page, size, total))));
    }

    public Uni<Resume> get(UUID id) {
        currentUser.id();
        return Panache.withSession(() -> load(id)).map(r -> {
            currentUser.requireOwner(r.userId);
            return Resume.of(r);
        });
    }

    public Uni<Resume> update(UUID id, ResumeUpdate update) {
        UUID me = currentUser.id();
        validation.check("resume update", update);
        if (Boolean.FALSE.equals(update.isDefault())) {
            throw new BadRequestException("isDefault: to change the default resume, set another one as default");
        }
        return UserWrites.inTransaction(me, () -> load(id).chain(r -> {
            currentUser.requireOwner(r.userId);
            Uni<Void> defaults = Boolean.TRUE.equals(update.isDefault()) && !r.isDefault
                    ? unsetOtherDefaults(r)
                    : Uni.createFrom().voidItem();
            return defaults.chain(() -> {
                if (update.title() != null) {
                    r.title = update.title().strip();
                }
                if (update.text() != null) {
                    r.text = TextExtractor.normalize(update.text());
                }
                if (Boolean.TRUE.equals(update.isDefault())) {
                    r.isDefault = true;
                }
                r.updatedAt = TokenService.now();
                return saved(r);
            });
        })).map(Resume::of);
    }

    public Uni<Resume> makeDefault(UUID id) {
        return update(id, new ResumeUpdate(null, null, true));
    }

    /** Deletes a resume. If it was the default, the most recent remaining resume becomes the default. */
    public Uni<Boolean> delete(UUID id) {
        UUID me = currentUser.id();
        return UserWrites.inTransaction(me, () -> load(id).chain(r -> {
            currentUser.requireOwner(r.userId);
            return r.delete()
                    .chain(() -> outbox.publish(Topics.RESUMES, Events.RESUME_DELETED, r.id.toString(),
                            new Events.ResumeDeleted(r.id.toString(), r.userId.toString())))
                    .chain(() -> r.isDefault ? promoteNewest(r.userId) : Uni.createFrom().voidItem())
                    .replaceWith(true);
        }));
    }

    private Uni<Void> promoteNewest(UUID userId) {
        return Panache.getSession().chain(s -> s.flush())
                .chain(() -> ResumeEntity.<ResumeEntity> find("userId", Sort.descending("createdAt").and("id"),
                        userId).<ResumeEntity> firstResult())
                .chain((ResumeEntity next) -> {
                    if (next == null) {
                        return Uni.createFrom().voidItem();
                    }
                    next.isDefault = true;
                    next.updatedAt = TokenService.now();
                    return saved(next).replaceWithVoid();
                });
    }

    private Uni<Resume> save(ResumeEntity r) {
        return UserWrites.inTransaction(r.userId, () -> ResumeEntity.count("userId = ?1 and isDefault = true", r.userId)
                .chain(defaults -> {
                    r.isDefault = defaults == 0;
                    return r.<ResumeEntity> persist();
                })
                .chain(this::saved))
                .map(Resume::of);
    }

    private Uni<ResumeEntity> saved(ResumeEntity r) {
        return outbox.publish(Topics.RESUMES, Events.RESUME_SAVED, r.id.toString(), Events.ResumeSaved.of(r))
                .replaceWith(r);
    }

    /** Clears the other default first: the partial unique index allows only one default per user at any moment. */
    private Uni<Void> unsetOtherDefaults(ResumeEntity r) {
        return ResumeEntity.<ResumeEntity> list("userId = ?1 and isDefault = true and id <> ?2", r.userId, r.id)
                .chain(others -> {
                    if (others.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    OffsetDateTime now = TokenService.now();
                    // one session, one operation at a time: events are recorded one after the other
                    Uni<Void> events = Uni.createFrom().voidItem();
                    for (ResumeEntity o : others) {
                        o.isDefault = false;
                        o.updatedAt = now;
                        events = events.chain(() -> saved(o)).replaceWithVoid();
                    }
                    Uni<Void> all = events;
                    return Panache.getSession().chain(s -> s.flush()).chain(() -> all);
                });
    }

    private static Uni<ResumeEntity> load(UUID id) {
        return ResumeEntity.<ResumeEntity> findById(id).onItem().ifNull()
                .failWith(() -> new NotFoundException("resume " + id + " not found"));
    }

    private static ResumeEntity newResume(UUID userId, String title, ResumeSource source, String text) {
        ResumeEntity r = new ResumeEntity();
        r.id = UUID.randomUUID();
        r.userId = userId;
        r.title = title;
        r.source = source;
        r.text = text;
        r.createdAt = TokenService.now();
        r.updatedAt = r.createdAt;
        return r;
    }

    private byte[] read(Path file) {
        try {
            if (Files.size(file) > maxUploadBytes) {
                throw tooLarge(Files.size(file));
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadRequestException("the uploaded file could not be read");
        }
    }

    private PayloadTooLargeException tooLarge(long size) {
        return new PayloadTooLargeException("the file is " + size + " bytes; resumes may be at most "
                + maxUploadBytes + " bytes (" + (maxUploadBytes / (1024 * 1024)) + " MB)");
    }

    static void checkPage(int page, int size) {
        PageRequest.of(page, size, size, MAX_PAGE_SIZE); // the platform's page rule (offset addressable)
    }

    public static List<Resume> withoutText(List<Resume> resumes) {
        return resumes.stream().map(Resume::withoutText).toList();
    }
}
