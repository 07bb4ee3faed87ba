from . import wms_bin_generator
from . import wms_bin_label_wizard
from . import wms_wave_plan
