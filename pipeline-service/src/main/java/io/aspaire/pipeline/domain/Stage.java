package io.aspaire.pipeline.domain;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;

/**
 * Where an application stands. SAVED to ACCEPTED is the funnel, in this order; REJECTED and WITHDRAWN close an
 * application at any point.
 */
@Name("ApplicationStage")
@Description("Where an application stands: SAVED -> APPLIED -> INTERVIEW -> OFFER -> ACCEPTED, or REJECTED/WITHDRAWN")
public enum Stage {
    SAVED, APPLIED, INTERVIEW, OFFER, ACCEPTED, REJECTED, WITHDRAWN;

    /** The funnel, in order; used by the conversion statistics. */
    public static final List<Stage> FUNNEL = List.of(SAVED, APPLIED, INTERVIEW, OFFER, ACCEPTED);

    /** Position in the funnel, or -1 for the closing stages. */
    public int funnelIndex() {
        return FUNNEL.indexOf(this);
    }
}
