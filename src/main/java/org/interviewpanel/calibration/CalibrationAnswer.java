package org.interviewpanel.calibration;

import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An answer a candidate could give, with the rating the experts agreed on and why. */
@Entity
@Table(name = "calibration_answer")
public class CalibrationAnswer extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID exerciseId;
    public String key;
    public int ordinal;
    public String text;
    public int expertRating;
    public String reason;
}
