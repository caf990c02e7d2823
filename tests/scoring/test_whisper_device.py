"""Which device and precision Whisper runs in, and that every transcript says so."""

import pytest

from scoring import transcription


@pytest.mark.parametrize(
    ("gpus", "expected"), [(0, ("cpu", "int8")), (1, ("cuda", "float16")), (2, ("cuda", "float16"))]
)
def test_auto_picks_cuda_in_float16_with_a_gpu_and_the_cpu_in_int8_without(gpus, expected):
    assert transcription.resolve_device("auto", "", gpus=gpus) == expected


def test_a_chosen_device_or_precision_is_kept():
    assert transcription.resolve_device("cpu", "", gpus=1) == ("cpu", "int8")
    assert transcription.resolve_device("auto", "float32", gpus=0) == ("cpu", "float32")
    assert transcription.resolve_device("cuda", "int8_float16", gpus=0) == ("cuda", "int8_float16")
    with pytest.raises(ValueError, match="Unknown Whisper device"):
        transcription.resolve_device("tpu", "")


def test_the_model_stamp_names_size_precision_and_a_gpu(tmp_path):
    on_gpu = transcription.FasterWhisperTranscriber(
        tmp_path, model_name="medium", device="cuda", compute_type="float16"
    )
    assert on_gpu.model == "whisper-medium (CTranslate2 float16, cuda)"
    on_cpu = transcription.FasterWhisperTranscriber(tmp_path, model_name="base")
    assert on_cpu.model == "whisper-base (CTranslate2 int8)"


def test_the_configured_transcriber_follows_the_settings_and_what_ctranslate2_sees(settings):
    settings.TRANSCRIPTION_ENGINE = "faster-whisper"
    settings.WHISPER_DEVICE = "auto"
    settings.WHISPER_COMPUTE_TYPE = ""
    expected = ("cuda", "float16") if transcription.cuda_devices() else ("cpu", "int8")
    transcriber = transcription.get_transcriber()
    assert (transcriber.device, transcriber.compute_type) == expected
    settings.WHISPER_DEVICE = "cpu"
    settings.WHISPER_COMPUTE_TYPE = "float32"
    transcriber = transcription.get_transcriber()
    assert (transcriber.device, transcriber.compute_type) == ("cpu", "float32")
    assert transcriber.model == "whisper-base (CTranslate2 float32)"
