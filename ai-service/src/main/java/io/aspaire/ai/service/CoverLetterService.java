package io.aspaire.ai.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.aspaire.ai.client.ClaimCheckAi;
import io.aspaire.ai.client.CoverLetterAi;
import io.aspaire.ai.client.Prompts;
import io.aspaire.ai.domain.CoverLetterDoc;
import io.aspaire.ai.domain.GroundingWarning;
import io.aspaire.ai.domain.JobDoc;
import io.aspaire.ai.domain.ResumeDoc;
import dev.langchain4j.data.message.SystemMessage;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Cover letters grounded in the resume: the job text goes in as fenced, untrusted data; the letter is then checked
 * by a second model pass (claims the resume does not support) plus {@link GroundingCheck}'s rules, and returned with
 * those warnings. Every letter is stored in ai_cover_letters for audit.
 */
@ApplicationScoped
public class CoverLetterService {

    public static final String FEATURE = "COVER_LETTER";
    public static final String CHECK_FEATURE = "CLAIM_CHECK";

    public enum Tone {
        FORMAL, FRIENDLY, ENTHUSIASTIC, CONCISE
    }

    private final ModelCalls calls;
    private final CoverLetterAi writer;
    private final ClaimCheckAi checker;
    private final ReadModels readModels;
    private final ModelJson json;

    public CoverLetterService(ModelCalls calls, CoverLetterAi writer, ClaimCheckAi checker, ReadModels readModels,
            ModelJson json) {
        this.calls = calls;
        this.writer = writer;
        this.checker = checker;
        this.readModels = readModels;
        this.json = json;
    }

    /** A letter for {@code userId} from {@code resume} (the API has checked it is theirs) for job {@code jobId}. */
    public Uni<CoverLetterDoc> generate(String userId, String jobId, ResumeDoc resume, Tone tone) {
        Tone chosen = tone == null ? Tone.FORMAL : tone;
        return readModels.requireJob(jobId)
                .chain(job -> write(userId, job, resume, chosen)
                        .chain(letter -> check(userId, job, resume, letter)
                                .chain(warnings -> store(userId, job, resume, chosen, letter, warnings))));
    }

    /** One item of a streamed letter: a token as the model sent it, or (last) the stored, checked letter. */
    public record Streamed(String token, CoverLetterDoc letter) {
    }

    /**
     * {@link #generate}, streamed: the model's tokens as they arrive (the same prompt, through the streaming
     * client), then, once the whole letter is in, the same claim check and the stored letter as the last item.
     */
    public Multi<Streamed> stream(String userId, String jobId, ResumeDoc resume, Tone tone) {
        Tone chosen = tone == null ? Tone.FORMAL : tone;
        return readModels.requireJob(jobId).onItem().transformToMulti(job -> {
            StringBuilder letter = new StringBuilder();
            String request = Prompts.coverLetterRequest(chosen.name().toLowerCase(Locale.ROOT),
                    Prompts.resume(resume), Prompts.job(job));
            return calls.stream(userId, FEATURE, List.of(SystemMessage.from(Prompts.COVER_LETTER_SYSTEM)), request)
                    .onItem().transformToUniAndConcatenate(part -> {
                        if (part.text() != null) {
                            letter.append(part.text());
                            return Uni.createFrom().item(new Streamed(part.text(), null));
                        }
                        String text = letter.toString().trim();
                        return check(userId, job, resume, text)
                                .chain(warnings -> store(userId, job, resume, chosen, text, warnings))
                                .map(doc -> new Streamed(null, doc));
                    });
        });
    }

    private Uni<String> write(String userId, JobDoc job, ResumeDoc resume, Tone tone) {
        String toneName = tone.name().toLowerCase(Locale.ROOT);
        String resumeText = Prompts.resume(resume);
        String jobText = Prompts.job(job);
        return calls.call(userId, FEATURE, () -> writer.write(toneName, resumeText, jobText))
                .map(text -> text == null ? "" : text.trim());
    }

    private Uni<List<GroundingWarning>> check(String userId, JobDoc job, ResumeDoc resume, String letter) {
        List<GroundingWarning> warnings = new ArrayList<>(GroundingCheck.check(letter, resume.text, job.company));
        String resumeText = Prompts.resume(resume);
        String letterText = Prompts.fence("letter", letter);
        return calls.call(userId, CHECK_FEATURE, () -> checker.check(resumeText, letterText))
                .map(answer -> {
                    JsonNode node = json.object(answer);
                    if (node != null && node.path("unsupported").isArray()) {
                        for (JsonNode item : node.path("unsupported")) {
                            String claim = item.path("claim").asText("").trim();
                            if (!claim.isEmpty()) {
                                warnings.add(new GroundingWarning(claim, item.path("category").asText("OTHER"),
                                        item.path("reason").asText("not supported by the resume"), "MODEL"));
                            }
                        }
                    } else {
                        warnings.add(new GroundingWarning("(whole letter)", "OTHER",
                                "the claim check gave no readable answer: review the letter against the resume",
                                "MODEL"));
                    }
                    return warnings;
                });
    }

    private Uni<CoverLetterDoc> store(String userId, JobDoc job, ResumeDoc resume, Tone tone, String letter,
            List<GroundingWarning> warnings) {
        CoverLetterDoc doc = new CoverLetterDoc();
        doc.id = UUID.randomUUID().toString();
        doc.userId = userId;
        doc.jobId = job.id;
        doc.resumeId = resume.id;
        doc.tone = tone.name();
        doc.text = letter;
        doc.warnings = warnings;
        doc.model = calls.model();
        doc.promptVersion = Prompts.VERSION;
        doc.createdAt = Instant.now();
        return doc.persist().replaceWith(doc);
    }
}
