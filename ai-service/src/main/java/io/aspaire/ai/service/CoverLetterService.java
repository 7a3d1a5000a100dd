package io.aspaire.ai.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.aspaire.ai.domain.CoverLetterDoc;
import io.aspaire.ai.domain.GroundingWarning;
import io.aspaire.ai.domain.JobDoc;
import io.aspaire.ai.domain.ResumeDoc;
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
    private final ReadModels readModels;
    private final ModelJson json;

    public CoverLetterService(ModelCalls calls, ReadModels readModels, ModelJson json) {
        this.calls = calls;
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

    private Uni<String> write(String userId, JobDoc job, ResumeDoc resume, Tone tone) {
        return calls.call(userId, FEATURE, List.of(SystemMessage.from(Prompts.COVER_LETTER_SYSTEM),
                UserMessage.from("Tone: " + tone.name().toLowerCase(Locale.ROOT) + ".\nThe candidate's resume:\n"
                        + Prompts.resume(resume) + "\nThe job:\n" + Prompts.job(job))))
                .map(response -> response.aiMessage().text() == null ? "" : response.aiMessage().text().trim());
    }

    private Uni<List<GroundingWarning>> check(String userId, JobDoc job, ResumeDoc resume, String letter) {
        List<GroundingWarning> warnings = new ArrayList<>(GroundingCheck.check(letter, resume.text, job.company));
        return calls.call(userId, CHECK_FEATURE, List.of(SystemMessage.from(Prompts.CLAIM_CHECK_SYSTEM),
                UserMessage.from("The resume:\n" + Prompts.resume(resume) + "\nThe letter:\n"
                        + Prompts.fence("letter", letter))))
                .map(response -> {
                    JsonNode node = json.object(response.aiMessage().text());
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
