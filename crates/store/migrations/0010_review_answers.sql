-- The region's answers to Sumedang's notes of a review returned for revision: one per note
-- (indicator '' answers the review's general note). The next package of the period carries
-- them as they stand when it is built.
CREATE TABLE review_answer (
    review_id   TEXT NOT NULL REFERENCES hub_review(review_id),
    indicator   TEXT NOT NULL,
    answer      TEXT NOT NULL,
    answered_at TEXT NOT NULL,
    PRIMARY KEY (review_id, indicator)
);
