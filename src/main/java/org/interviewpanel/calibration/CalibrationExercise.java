package org.interviewpanel.calibration;

import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A reference-answer exercise on one bank question, imported from {@code questions/<bank>/calibration/}. */
@Entity
@Table(name = "calibration_exercise")
public class CalibrationExercise extends PanacheEntityBase {

    @Id
    public UUID id;
    public String questionKey;
    public String category;
    public String questionText;
    public int position;
    /** Its question or its file is gone: kept for past attempts, no longer offered. */
    public boolean retired;
}
