/*
 * messages.c - what a civilian is told about a place, in Ukrainian and
 * English: plain words, what to do, and never that ground is without
 * danger. The residual-risk model never enters these messages: a number
 * like "0.001 live devices expected" is for planners, and read by a
 * farmer it would sound like permission.
 */
#include "core/core_int.h"

#include <string.h>

/* {en, uk} for each situation; %s is the area id, %s the date. */
static const char *const msg_hazardous[2] = {
	"DANGER: this place is inside a recorded hazardous area (%s) that may contain mines or "
	"other explosive items. Do not enter. Do not touch anything. If you are already inside, "
	"stop and go back exactly the way you came. Mark the place and report it: call 101.",
	"НЕБЕЗПЕКА: це місце в межах зареєстрованої небезпечної ділянки (%s), де можуть бути "
	"міни або інші вибухонебезпечні предмети. Не заходьте. Нічого не торкайтеся. Якщо ви вже "
	"всередині, зупиніться й поверніться тим самим шляхом, яким прийшли. Позначте місце та "
	"повідомте: телефонуйте 101.",
};
static const char *const msg_released[2] = {
	"This place is in land released by survey or clearance on %s (area %s). Explosive items "
	"can still be found: do not touch anything suspicious, mark the place and call 101.",
	"Це місце на землі, звільненій %s за результатами обстеження або очищення (ділянка %s). "
	"Вибухонебезпечні предмети все ще можуть траплятися: не торкайтеся підозрілих предметів, "
	"позначте місце та телефонуйте 101.",
};
static const char *const msg_none[2] = {
	"No hazardous area is recorded here. That does not mean there is no danger: unrecorded "
	"explosive items may exist. Do not touch anything suspicious; mark the place and call 101.",
	"Тут не зареєстровано небезпечної ділянки. Це не означає, що небезпеки немає: можуть бути "
	"незареєстровані вибухонебезпечні предмети. Не торкайтеся підозрілих предметів; позначте "
	"місце та телефонуйте 101.",
};

int hr_civilian_message(char **out, const hr_hits *hits, const char *lang)
{
	int l = lang && strncmp(lang, "uk", 2) == 0;
	const hr_area_hit *released = NULL;
	char date[HR_TIME_BUFSZ], buf[2048];
	if (!out || !hits)
		return HR_EINVAL;
	*out = NULL;
	for (size_t i = 0; i < hits->n; i++) {
		if (hits->hits[i].hazardous) {
			hr__fmt(buf, sizeof buf, msg_hazardous[l], hits->hits[i].area_id);
			goto done;
		}
		if (!released)
			released = &hits->hits[i];
	}
	if (released) {
		hr_time_format(date, released->released_at);
		date[10] = '\0'; /* the day is what a person needs */
		hr__fmt(buf, sizeof buf, msg_released[l], date, released->area_id);
	} else {
		hr__fmt(buf, sizeof buf, "%s", msg_none[l]);
	}
done:
	*out = hr__strdup(buf);
	return *out ? 0 : HR_ENOMEM;
}
