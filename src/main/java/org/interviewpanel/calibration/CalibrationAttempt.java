package org.interviewpanel.calibration;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One interviewer's blind ratings of an exercise's answers, with their agreement with the experts. */
@Entity
@Table(name = "calibration_attempt")
public class CalibrationAttempt extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID exerciseId;
    public String username;
    public Instant createdAt;
    /** Krippendorff's interval alpha between the interviewer and the experts; null when undefined. */
    public Double alpha;
    public double mad;
    /** The feedback as returned: each answer's rating, the experts' rating and the difference. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String ratings;
}
