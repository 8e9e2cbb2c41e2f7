#ifndef AGENTSIM_COPUS_SHIM_H
#define AGENTSIM_COPUS_SHIM_H
#include <opus.h>

/* opus_encoder_ctl is variadic, which Swift cannot call; these wrappers fix each request's type. */
static inline int agentsim_opus_set_bitrate(OpusEncoder *enc, opus_int32 bitrate) {
    return opus_encoder_ctl(enc, OPUS_SET_BITRATE(bitrate));
}
static inline int agentsim_opus_set_complexity(OpusEncoder *enc, opus_int32 complexity) {
    return opus_encoder_ctl(enc, OPUS_SET_COMPLEXITY(complexity));
}
static inline int agentsim_opus_set_dtx(OpusEncoder *enc, opus_int32 dtx) {
    return opus_encoder_ctl(enc, OPUS_SET_DTX(dtx));
}
static inline int agentsim_opus_set_signal_voice(OpusEncoder *enc) {
    return opus_encoder_ctl(enc, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE));
}
static inline int agentsim_opus_get_lookahead(OpusEncoder *enc, opus_int32 *lookahead) {
    return opus_encoder_ctl(enc, OPUS_GET_LOOKAHEAD(lookahead));
}
#endif
