from . import wms_bin_generator
from . import wms_bin_label_wizard
from . import wms_lot_hold_wizard
from . import wms_task_reassign
from . import wms_wave_plan
