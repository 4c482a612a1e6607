/*
 * score: a satisfaction score as people write it (score.c), at the
 * start of a reply and as a whole cell, and the contact a survey is
 * counted by (reply.c's xf_contact_norm, survey.c).
 */
#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup(0);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, contact[XF_SURVEY_CONTACTLEN];
	struct xf_buf out = { 0 };
	const char *rest;
	int score;

	s = fuzz_str(data, size);
	score = xf_score_lead(s, &rest);
	if (score < 0 || score > 5)
		fuzz_die("score: out of 0..5");
	if (score > 0 && (rest < s || rest > s + strlen(s)))
		fuzz_die("score: rest outside the text");
	score = xf_score_cell(s);
	if (score < 0 || score > 5)
		fuzz_die("score: cell out of 0..5");
	(void)xf_survey_contact(s, contact, sizeof(contact));
	(void)xf_contact_norm(s, &out);
	xf_buf_free(&out);
	free(s);
	return 0;
}
